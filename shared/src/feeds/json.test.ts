import { FeedError } from '../domain/errors';
import { parseJson } from './json';

function whereOf(text: string): string | undefined {
  try {
    parseJson(text);
    return 'parsed';
  } catch (err) {
    return err instanceof FeedError ? err.where : 'other';
  }
}

describe('parseJson', () => {
  it('locates an unexpected token after a complete value in one pass', () => {
    expect(whereOf('{"a":[1,2]}x]}')).toBe('line 1, column 12');
  });

  it('locates an error on a later line', () => {
    expect(whereOf('{\n  "a": [1,\n  2,, 3]\n}')).toBe('line 3, column 5');
  });

  it('locates the end of a truncated document, with a short message', () => {
    const big = `[${'{"k":"v"},'.repeat(10_000)}`;
    try {
      parseJson(big);
      throw new Error('parsed');
    } catch (err) {
      expect(err).toBeInstanceOf(FeedError);
      expect((err as FeedError).message.length).toBeLessThan(300);
    }
  });

  it('parses valid JSON', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
  });
});
