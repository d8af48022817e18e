import { customerEventSchema } from './event';
import { siteInputSchema } from './subject';
import { stripControlChars } from './text';

describe('stripControlChars (issue 21)', () => {
  it('removes NUL, terminal escapes, C1 and bidi overrides, keeps tab, newline and ordinary text', () => {
    expect(stripControlChars('a\u0000b\u001b[31mc\u009bd\u202eé\u2066f')).toBe('ab[31mcdéf');
    expect(stripControlChars('a\tb\nc Ünïcödé 漢字')).toBe('a\tb\nc Ünïcödé 漢字');
  });

  it('is applied to titles and names before their length checks', () => {
    const ev = customerEventSchema.parse({
      title: '\u202eevil\u0000',
      category: 'other',
      observedAt: '2025-01-01T00:00:00Z',
      countryCodes: ['ML'],
    });
    expect(ev.title).toBe('evil');
    expect(
      customerEventSchema.safeParse({
        title: '\u0000\u0007',
        category: 'other',
        observedAt: '2025-01-01T00:00:00Z',
        countryCodes: ['ML'],
      }).success,
    ).toBe(false);
    expect(siteInputSchema.parse({ name: 'Mine\u001b[2J', location: { type: 'Point', coordinates: [0, 0] } }).name).toBe(
      'Mine[2J',
    );
  });
});
