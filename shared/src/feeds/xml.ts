import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from '../domain/errors';

/**
 * The one XML configuration every feed parser uses.
 * - No DTD at all: a document that declares one is refused before parsing, so no entity (and no
 *   "billion laughs" expansion) can ever be defined; only the XML and HTML named entities and
 *   numeric character references are decoded, each to at most one character.
 * - Values stay strings (`007` is a SAME code, not 7); each parser converts what it needs.
 * - Namespace prefixes are dropped (`cap:info` and `info` read the same; `xmlns*` attributes go too).
 * - Elements that may repeat are always arrays, so one item and many items read the same.
 */
const REPEATING = new Set([
  // CAP 1.1/1.2 (and the CAP fields of the NWS Atom index)
  'info',
  'area',
  'polygon',
  'circle',
  'geocode',
  'parameter',
  'eventCode',
  'resource',
  'category',
  'responseType',
  'valueName',
  'value',
  // RSS and Atom
  'item',
  'entry',
  'link',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Decodes numeric references (&#233;) and the HTML names feeds use; never anything a document defines.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATING.has(name),
});

/** A parsed element: attributes as `@_name`, text as `#text`, children by local name. */
export type XmlNode = Record<string, unknown>;

const DTD = /<!DOCTYPE|<!ENTITY/i;

/**
 * Parses an XML feed document (byte-order mark already removed). Throws FeedError 'unparseable' with the
 * line and column of the first error, or when the document carries a DTD.
 */
export function parseXml(text: string): XmlNode {
  const dtd = DTD.exec(text);
  if (dtd) {
    throw new FeedError('unparseable', 'XML documents with a DTD (<!DOCTYPE> or <!ENTITY>) are refused', `offset ${dtd.index}`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FeedError('unparseable', `malformed XML: ${valid.err.msg}`, `line ${valid.err.line}, column ${valid.err.col}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    throw new FeedError('unparseable', `malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isNode(doc)) throw new FeedError('unparseable', 'no XML element found');
  return doc;
}

/** The document's root element name and node (the declaration and comments are not elements). */
export function rootElement(doc: XmlNode): { name: string; node: XmlNode } | null {
  for (const [name, value] of Object.entries(doc)) {
    if (name.startsWith('?') || name.startsWith('#')) continue;
    return { name, node: isNode(value) ? value : {} };
  }
  return null;
}

export function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The child as a list, whether the parser gave one, many or none. */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A child element as a node; `<x/>` and text-only elements read as an empty node. */
export function node(v: unknown): XmlNode {
  const first = Array.isArray(v) ? v[0] : v;
  return isNode(first) ? first : {};
}

/** Every child of that name as a node. */
export function nodes(v: unknown): XmlNode[] {
  return list(v).map((x) => (isNode(x) ? x : {}));
}

/** The trimmed text of an element (first one when repeated), or null when absent or empty. */
export function text(v: unknown): string | null {
  const first = Array.isArray(v) ? v[0] : v;
  let s: unknown = first;
  if (isNode(first)) s = first['#text'];
  if (typeof s === 'number' || typeof s === 'boolean') s = String(s);
  if (typeof s !== 'string') return null;
  const t = s.trim();
  return t === '' ? null : t;
}

/** Every non-empty text of a repeated element. */
export function texts(v: unknown): string[] {
  return list(v)
    .map((x) => text(x))
    .filter((t): t is string => t !== null);
}

/** An attribute of an element, trimmed, or null. */
export function attr(v: unknown, name: string): string | null {
  const n = node(v);
  const a = n[`@_${name}`];
  if (typeof a !== 'string') return null;
  const t = a.trim();
  return t === '' ? null : t;
}
