import { FEED_FORMATS } from '../domain';
import { FeedsConfigError, loadFeedsConfig, parseFeedsConfig, requestUrl, scheduleIntervalMs } from './feedsConfig';

describe('the feed configuration', () => {
  it('lists the real public endpoints by default (infra/feeds.yaml)', () => {
    const feeds = loadFeedsConfig(undefined, {});
    const urls = Object.fromEntries(feeds.map((f) => [f.id, f.url]));
    expect(Object.values(urls)).toEqual(
      expect.arrayContaining([
        'https://travel.state.gov/_res/rss/TAsTWs.xml',
        'https://www.gdacs.org/xml/rss.xml',
        'https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/4.5_week.geojson',
        'https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/significant_week.geojson',
      ]),
    );
    for (const f of feeds) expect(FEED_FORMATS).toContain(f.format);
    const acled = feeds.find((f) => f.format === 'acled');
    expect(acled).toMatchObject({
      enabled: false,
      credentialsEnv: { key: 'ACLED_API_KEY', email: 'ACLED_EMAIL' },
      missingCredentials: ['ACLED_API_KEY', 'ACLED_EMAIL'],
    });
    expect(feeds.filter((f) => f.enabled).every((f) => f.tenant === null)).toBe(true);
  });

  it('resolves credentials from the environment into the request URL only', () => {
    const [feed] = parseFeedsConfig(
      'feeds:\n  - { id: acled, format: acled, url: "https://api.example.org/read?region=1", schedule: "0 3 * * *", credentialsEnv: { key: K, email: E } }\n',
      'test.yaml',
      { K: 'k&1', E: 'ops@example.org' },
    );
    expect(feed).toMatchObject({
      url: 'https://api.example.org/read?region=1',
      missingCredentials: [],
      timeoutMs: 20000,
      enabled: true,
      tenant: null,
    });
    expect(requestUrl(feed!)).toBe('https://api.example.org/read?region=1&key=k%261&email=ops%40example.org');
  });

  it('names each bad field', () => {
    const bad =
      'feeds:\n  - { id: A B, format: rss, url: "ftp://x", schedule: "every hour" }\n  - { id: ok, format: usgs, url: "https://x.org", schedule: "* * * * *", colour: red }\n';
    expect(() => parseFeedsConfig(bad, 'bad.yaml')).toThrow(FeedsConfigError);
    try {
      parseFeedsConfig(bad, 'bad.yaml');
    } catch (err) {
      const m = (err as Error).message;
      for (const field of ['feeds.0.id', 'feeds.0.format', 'feeds.0.url', 'feeds.0.schedule', 'feeds.1'])
        expect(m).toContain(field);
    }
    expect(() =>
      parseFeedsConfig(
        'feeds:\n  - { id: a, format: usgs, url: "https://x.org", schedule: "* * * * *" }\n  - { id: a, format: usgs, url: "https://y.org", schedule: "* * * * *" }\n',
        'dup.yaml',
      ),
    ).toThrow(/unique/);
    expect(() => parseFeedsConfig('feeds: [', 'broken.yaml')).toThrow(FeedsConfigError);
  });

  it('measures a schedule by its longest gap', () => {
    expect(scheduleIntervalMs('*/10 * * * *')).toBe(10 * 60_000);
    expect(scheduleIntervalMs('0 */6 * * *')).toBe(6 * 3600_000);
    expect(scheduleIntervalMs('*/20 * * * * *')).toBe(20_000);
  });
});
