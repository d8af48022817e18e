import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from '../domain/errors';
import { parseFeed } from './index';
import { node, parseXml, text } from './xml';

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
