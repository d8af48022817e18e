import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, FeedError } from '../domain/errors';

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
 * Counts one XML document may hold (docs/limits.md), checked by a linear pre-scan before the document is
 * parsed whole: the real feeds hold a few thousand elements; a document over a count is 413, one nested
 * deeper than `maxDepth` 422.
 */
export const XML_LIMITS = {
  /** Elements in one document. */
  maxXmlElements: 100_000,
  /** Attributes in one document. */
  maxXmlAttributes: 100_000,
  /** Items (RSS `item`, Atom `entry`, CAP `info`) in one document. */
  maxXmlItems: 5_000,
  /** Elements open at once. */
  maxXmlDepth: 64,
} as const;

const ITEM_NAMES = new Set(['item', 'entry', 'info']);

function overLimit(limit: keyof typeof XML_LIMITS, what: string): AppError {
  const status = limit === 'maxXmlDepth' ? 'unprocessable' : 'payload_too_large';
  return new AppError(status, `the XML document ${what}, over the limit ${limit} = ${XML_LIMITS[limit]}`);
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>'
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || Number.isNaN(c);
}

/**
 * One pass over the markup: counts elements, attributes and items and tracks nesting, stopping at the
 * first limit breached. Comments, CDATA and processing instructions are skipped whole; malformed markup
 * is left to the validator.
 */
export function checkXmlLimits(text: string): void {
  let elements = 0;
  let attributes = 0;
  let items = 0;
  let depth = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    const c = text.charCodeAt(i + 1);
    let end: number;
    if (c === 33 /* ! */) {
      const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>';
      const at = text.indexOf(close, i + 2);
      end = at === -1 ? text.length : at + close.length - 1;
    } else if (c === 63 /* ? */) {
      const at = text.indexOf('?>', i + 2);
      end = at === -1 ? text.length : at + 1;
    } else if (c === 47 /* / */) {
      const at = text.indexOf('>', i + 2);
      end = at === -1 ? text.length : at;
      depth = Math.max(0, depth - 1);
    } else {
      if (++elements > XML_LIMITS.maxXmlElements) throw overLimit('maxXmlElements', 'has too many elements');
      let j = i + 1;
      while (!isNameEnd(text.charCodeAt(j))) j++;
      const name = text.slice(i + 1, j);
      const local = name.slice(name.indexOf(':') + 1);
      if (ITEM_NAMES.has(local) && ++items > XML_LIMITS.maxXmlItems) throw overLimit('maxXmlItems', 'has too many items');
      let quote = 0;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (quote !== 0) {
          if (d === quote) quote = 0;
        } else if (d === 34 || d === 39) quote = d;
        else if (d === 61 /* = */) {
          if (++attributes > XML_LIMITS.maxXmlAttributes) throw overLimit('maxXmlAttributes', 'has too many attributes');
        } else if (d === 62 /* > */) break;
      }
      end = j;
      if (text.charCodeAt(j - 1) !== 47 /* / */ && ++depth > XML_LIMITS.maxXmlDepth) {
        throw overLimit('maxXmlDepth', 'nests elements too deeply');
      }
    }
    i = end >= text.length ? -1 : text.indexOf('<', end + 1);
  }
}

/**
 * Parses an XML feed document (byte-order mark already removed). Throws FeedError 'unparseable' with the
 * line and column of the first error, or when the document carries a DTD.
 */
export function parseXml(text: string): XmlNode {
  const dtd = DTD.exec(text);
  if (dtd) {
    throw new FeedError('unparseable', 'XML documents with a DTD (<!DOCTYPE> or <!ENTITY>) are refused', `offset ${dtd.index}`);
  }
  checkXmlLimits(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The validator's message can list every open tag: never echo more than a line of it.
    throw new FeedError(
      'unparseable',
      `malformed XML: ${valid.err.msg.slice(0, 200)}`,
      `line ${valid.err.line}, column ${valid.err.col}`,
    );
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    throw new FeedError('unparseable', `malformed XML: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}`);
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
