import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from '../domain/errors';
import { parseFeed } from './index';
import { checkXmlLimits, node, parseXml, text, XML_LIMITS } from './xml';

/** The classic "billion laughs": ten nested entities expand one reference into 10^9 "lol"s (~3 GB). */
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>`;

describe('the XML configuration', () => {
  afterEach(() => jest.restoreAllMocks());

  it('refuses an entity-expansion bomb before any parsing, so nothing is ever expanded', () => {
    const parse = jest.spyOn(XMLParser.prototype, 'parse');
    const validate = jest.spyOn(XMLValidator, 'validate');
    expect(() => parseXml(BILLION_LAUGHS)).toThrow(FeedError);
    expect(() => parseXml(BILLION_LAUGHS)).toThrow(/DTD/);
    expect(parse).not.toHaveBeenCalled();
    expect(validate).not.toHaveBeenCalled();
    expect(() => parseFeed('cap', BILLION_LAUGHS)).toThrow(expect.objectContaining({ status: 400 }));
    // The spies do see an ordinary document: the refusal above really came first.
    parseXml('<alert><identifier>1</identifier></alert>');
    expect(validate).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('refuses external entities (XXE) the same way', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert><identifier>&x;</identifier></alert>';
    expect(() => parseXml(xxe)).toThrow(/DTD/);
  });

  it('decodes only XML and numeric character references, and leaves an undeclared entity as text', () => {
    const doc = parseXml('<a><b>caf&#233; &amp; &lt;tag&gt; &#x41;</b><c>&undeclared;</c></a>');
    expect(text(node(doc['a'])['b'])).toBe('café & <tag> A');
    expect(text(node(doc['a'])['c'])).toBe('&undeclared;');
  });

  it('keeps numbers as strings, forces repeating elements into arrays and drops namespace prefixes', () => {
    const doc = parseXml(
      '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"><cap:info><cap:area><cap:geocode><cap:valueName>SAME</cap:valueName><cap:value>006037</cap:value></cap:geocode></cap:area></cap:info></cap:alert>',
    );
    expect(doc).toEqual({
      alert: { info: [{ area: [{ geocode: [{ valueName: ['SAME'], value: ['006037'] }] }] }] },
    });
  });

  it('says where a malformed document breaks', () => {
    expect(() => parseXml('<a>\n<b>\n</a>')).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(/line 3, column \d+/) }),
    );
  });
});

describe('XML limits (issue 21)', () => {
  const statusOf = (text: string): number | null => {
    try {
      checkXmlLimits(text);
      return null;
    } catch (err) {
      return (err as { status: number }).status;
    }
  };

  it('refuses too many elements, attributes or items with 413 and too deep nesting with 422, naming the limit', () => {
    expect(statusOf(`<r>${'<x/>'.repeat(XML_LIMITS.maxXmlElements)}</r>`)).toBe(413);
    expect(statusOf(`<r ${Array.from({ length: XML_LIMITS.maxXmlAttributes + 1 }, (_, i) => `a${i}="1"`).join(' ')}/>`)).toBe(
      413,
    );
    expect(statusOf(`<rss><channel>${'<item/>'.repeat(XML_LIMITS.maxXmlItems + 1)}</channel></rss>`)).toBe(413);
    expect(statusOf('<a>'.repeat(XML_LIMITS.maxXmlDepth + 1))).toBe(422);
    expect(() => checkXmlLimits('<a>'.repeat(1000))).toThrow(/maxXmlDepth = 64/);
  });

  it('passes documents within the limits, skipping comments, CDATA and quoted ">"', () => {
    expect(statusOf(`<r><!-- <a><a><a> --><![CDATA[<b><b>]]><x y="a>b" z='<'/>${'<item/>'.repeat(100)}</r>`)).toBeNull();
    expect(statusOf(`<r>${'<a></a>'.repeat(XML_LIMITS.maxXmlDepth * 10)}</r>`)).toBeNull();
  });
});
