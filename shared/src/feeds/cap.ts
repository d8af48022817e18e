import { FeedError } from '../domain/errors';
import { capItem } from './capEvent';
import { atomLink, readHeader, readInfo, readValues, readArea, type CapInfo } from './capRead';
import { guardItem } from './item';
import type { FeedParser, ParsedItem } from './types';
import { node, nodes, parseXml, rootElement, text, texts, type XmlNode } from './xml';

/**
 * `cap`: one OASIS CAP 1.2 or 1.1 `<alert>` (default or prefixed namespace), or a CAP Atom index such as
 * the NWS `alerts.weather.gov` feed, whose entries carry the CAP fields of one alert each.
 */
export const capParser: FeedParser = (body) => {
  const root = rootElement(parseXml(body));
  if (root?.name === 'alert') {
    return {
      format: 'cap',
      items: [guardItem(0, () => capItem(0, readHeader(root.node), nodes(root.node['info']).map(readInfo)))],
    };
  }
  if (root?.name === 'feed' && /urn:oasis:names:tc:emergency:cap:/.test(body)) {
    return {
      format: 'cap',
      items: nodes(root.node['entry']).map((entry, index) => guardItem(index, () => atomEntryItem(index, entry, root.node))),
    };
  }
  throw new FeedError(
    'wrong_format',
    `not a CAP document: expected <alert> (or a CAP Atom <feed>), found <${root?.name ?? 'nothing'}>`,
    'root element',
  );
};

/**
 * An NWS CAP Atom entry: an index line of one CAP message. Its identity is the entry id (the link to the
 * full message); the index carries no `<references>`, so each entry is its own lineage.
 */
function atomEntryItem(index: number, entry: XmlNode, feed: XmlNode): ParsedItem {
  const info: CapInfo = {
    language: 'en-US',
    categories: texts(entry['category']),
    event: text(entry['event']),
    responseTypes: texts(entry['responseType']),
    urgency: text(entry['urgency']),
    severity: text(entry['severity']),
    certainty: text(entry['certainty']),
    effective: text(entry['effective']),
    expires: text(entry['expires']),
    headline: null,
    web: null,
    parameters: readValues(entry['parameter']),
    areas: [readArea({ areaDesc: entry['areaDesc'], polygon: entry['polygon'], geocode: entry['geocode'] })],
  };
  return capItem(
    index,
    {
      identifier: text(entry['id']),
      sender: text(node(entry['author'])['name']) ?? text(node(feed['author'])['name']),
      sent: text(entry['updated']) ?? text(entry['published']),
      status: text(entry['status']),
      msgType: text(entry['msgType']),
      references: null,
      link: atomLink(entry),
      title: text(entry['title']),
    },
    [info],
  );
}
