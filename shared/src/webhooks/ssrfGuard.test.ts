import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import {
  addressRefusal,
  createWebhookDispatcher,
  guardedLookup,
  literalHostRefusal,
  WebhookAddressRefusedError,
  type Resolver,
} from './ssrfGuard';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['224.0.0.251', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
    ['::7f00:1', 'reserved'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(addressRefusal(ip)).toBe(range);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows public %s',
    (ip) => {
      expect(addressRefusal(ip)).toBeNull();
    },
  );

  it('judges literal hosts in URLs, and leaves names to connect time', () => {
    expect(literalHostRefusal('http://127.0.0.1:8080/x')).toBe('loopback');
    expect(literalHostRefusal('http://[::1]/x')).toBe('loopback');
    expect(literalHostRefusal('http://0x7f.1/x')).toBe('loopback');
    expect(literalHostRefusal('https://hooks.example.com/x')).toBeNull();
  });
});

describe('guardedLookup', () => {
  const fake =
    (table: Record<string, string[]>): Resolver =>
    async (host) =>
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookup = (resolve: Resolver, host: string, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((done) =>
      guardedLookup(resolve)(host, options, (err, address, family) => done({ err, address, family })),
    );

  it('passes public addresses through, as a list or as one', async () => {
    const resolve = fake({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await lookup(resolve, 'hooks.example.com', { all: true })).toMatchObject({
      err: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
    });
    expect(await lookup(resolve, 'hooks.example.com')).toMatchObject({ err: null, address: '93.184.216.34', family: 4 });
    expect(await lookup(resolve, 'hooks.example.com', { family: 6 })).toMatchObject({
      err: null,
      address: '2606:2800:220:1::1',
      family: 6,
    });
  });

  it('refuses a name when any address it resolves to is private, metadata or loopback', async () => {
    for (const addresses of [['127.0.0.1'], ['93.184.216.34', '10.0.0.5'], ['169.254.169.254'], ['::ffff:192.168.0.1']]) {
      const { err } = await lookup(fake({ 'evil.example': addresses }), 'evil.example', { all: true });
      expect(err).toBeInstanceOf(WebhookAddressRefusedError);
    }
  });

  it('reports a name without addresses as not found', async () => {
    expect((await lookup(fake({}), 'nowhere.example', { all: true })).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('createWebhookDispatcher against a real local server', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (hits = 0));

  it('refuses a name that resolves to loopback at connect time (DNS rebinding cannot bypass it): nothing reaches the server', async () => {
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const dispatcher = createWebhookDispatcher({ resolve });
    await expect(request(`http://rebind.example:${port}/hook`, { method: 'POST', body: '{}', dispatcher })).rejects.toThrow(
      /refused.*loopback/,
    );
    expect(lookups).toBeGreaterThan(0);
    expect(hits).toBe(0);
    await dispatcher.close();
  });

  it('refuses literal loopback addresses, IPv4-mapped forms included', async () => {
    const dispatcher = createWebhookDispatcher({ resolve: async () => [] });
    await expect(request(`http://127.0.0.1:${port}/hook`, { dispatcher })).rejects.toThrow(WebhookAddressRefusedError);
    await expect(request(`http://[::ffff:127.0.0.1]:${port}/hook`, { dispatcher })).rejects.toThrow(WebhookAddressRefusedError);
    expect(hits).toBe(0);
    await dispatcher.close();
  });

  it('with WEBHOOK_ALLOW_PRIVATE the same requests go through', async () => {
    const dispatcher = createWebhookDispatcher({ allowPrivate: true });
    const res = await request(`http://127.0.0.1:${port}/hook`, { dispatcher });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(hits).toBe(1);
    await dispatcher.close();
  });
});

describe('literalHostRefusal: every spelling of a private host (issue 21)', () => {
  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://127.1/',
    'http://017700000001/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data',
    'http://10.1.2.3:8080/',
    'http://[fd00:ec2::254]/',
    'http://localhost:3000/',
    'http://api.localhost/',
    'http://metadata.google.internal/',
    'http://0.0.0.0/',
  ])('refuses %s', (url) => {
    expect(literalHostRefusal(url)).not.toBeNull();
  });

  it.each(['https://hooks.example.com/x', 'http://93.184.216.34/', 'http://[2606:4700::1111]/'])('allows %s', (url) => {
    expect(literalHostRefusal(url)).toBeNull();
  });
});
