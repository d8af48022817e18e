import { list, node, nodes, text, texts, type XmlNode } from './xml';

/** One `<valueName>`/`<value>` pair (CAP geocode, parameter, eventCode). */
export interface CapValue {
  valueName: string;
  value: string;
}

/** CAP 1.2 §3.3.2 `<area>`: only what the model uses. */
export interface CapArea {
  areaDesc: string | null;
  polygons: string[];
  circles: string[];
  geocodes: CapValue[];
}

/** CAP 1.2 §3.2.2 `<info>`: only what the model uses (never the description or instruction text). */
export interface CapInfo {
  /** CAP default when absent: `en-US`. */
  language: string;
  categories: string[];
  event: string | null;
  responseTypes: string[];
  urgency: string | null;
  severity: string | null;
  certainty: string | null;
  effective: string | null;
  expires: string | null;
  headline: string | null;
  web: string | null;
  parameters: CapValue[];
  areas: CapArea[];
}

/** The message-level fields of a CAP alert (or of one entry of a CAP Atom index). */
export interface CapHeader {
  identifier: string | null;
  sender: string | null;
  sent: string | null;
  status: string | null;
  msgType: string | null;
  references: string | null;
  /** A link to the message when the carrier gives one (Atom `<link href>`). */
  link?: string | null;
  /** A title when the carrier gives one (Atom `<title>`). */
  title?: string | null;
}

/**
 * `<valueName>`/`<value>` pairs of a list of elements. A CAP message has one pair per element; the NWS
 * Atom index puts several pairs, interleaved, in one `<cap:geocode>`: both read the same here.
 */
export function readValues(v: unknown): CapValue[] {
  const out: CapValue[] = [];
  for (const el of nodes(v)) {
    const names = list(el['valueName']).map((x) => text(x));
    const values = list(el['value']).map((x) => text(x));
    for (let i = 0; i < names.length; i++) {
      const valueName = names[i];
      const value = values[i];
      if (valueName && value) out.push({ valueName, value });
    }
  }
  return out;
}

export function readArea(a: XmlNode): CapArea {
  return {
    areaDesc: text(a['areaDesc']),
    polygons: texts(a['polygon']),
    circles: texts(a['circle']),
    geocodes: readValues(a['geocode']),
  };
}

export function readInfo(i: XmlNode): CapInfo {
  return {
    language: text(i['language']) ?? 'en-US',
    categories: texts(i['category']),
    event: text(i['event']),
    responseTypes: texts(i['responseType']),
    urgency: text(i['urgency']),
    severity: text(i['severity']),
    certainty: text(i['certainty']),
    effective: text(i['effective']),
    expires: text(i['expires']),
    headline: text(i['headline']),
    web: text(i['web']),
    parameters: readValues(i['parameter']),
    areas: nodes(i['area']).map(readArea),
  };
}

export function readHeader(alert: XmlNode): CapHeader {
  return {
    identifier: text(alert['identifier']),
    sender: text(alert['sender']),
    sent: text(alert['sent']),
    status: text(alert['status']),
    msgType: text(alert['msgType']),
    references: text(alert['references']),
  };
}

/** An Atom `<link href>` (first one). */
export function atomLink(entry: XmlNode): string | null {
  const href = node(entry['link'])['@_href'];
  return typeof href === 'string' ? href.trim() || null : null;
}
