import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, type Dispatcher } from 'undici';

/** Resolves a host name to every address it has (the real one is `dns.lookup`; tests pass a fake). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** 2000::/3: the only IPv6 block IANA hands out as global unicast; the rest is reserved or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/** A webhook aimed at an address it may not reach: never retried into success by DNS games. */
export class WebhookAddressRefusedError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(
      `webhook address refused: ${host === address ? address : `${host} is ${address}`} (${range}); set WEBHOOK_ALLOW_PRIVATE=true for on-premises receivers`,
    );
    this.name = 'WebhookAddressRefusedError';
  }
}

/**
 * Why an address may not receive webhooks, or null when it may: only public unicast passes. Loopback,
 * RFC 1918, fc00::/7, link-local (169.254/16 holds the cloud metadata service), CGNAT 100.64/10, multicast,
 * unspecified, reserved and benchmarking ranges are refused; IPv4-mapped IPv6 is judged as its IPv4, and
 * the IPv6 forms that embed IPv4 (NAT64, 6to4, Teredo) are refused outright.
 */
export function addressRefusal(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6)) return 'reserved';
  return null;
}

/** Names that always mean this machine or a cloud metadata service, whatever DNS says. */
const REFUSED_NAMES = /^(localhost|.+\.localhost|metadata|metadata\.google\.internal|instance-data(\.ec2\.internal)?)\.?$/i;

/**
 * A refusal for a URL whose host is a literal address (in any spelling the WHATWG URL parser accepts:
 * `2130706433`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]` all read as 127.0.0.1) or a name that always
 * means loopback or metadata; null otherwise: lets the API refuse (422) before anything is stored.
 */
export function literalHostRefusal(url: string): string | null {
  const hostname = new URL(url).hostname;
  if (REFUSED_NAMES.test(hostname)) return 'loopback or metadata host name';
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? addressRefusal(host) : null;
}

/** Whether an error (or its cause) is the connect-time guard's refusal: a delivery that can never succeed. */
export function isAddressRefusal(err: unknown): boolean {
  for (
    let e: unknown = err, depth = 0;
    e !== null && typeof e === 'object' && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if ((e as { code?: unknown }).code === 'ERR_WEBHOOK_ADDRESS_REFUSED') return true;
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect`/`tls.connect` that refuses the host when any address it resolves to is
 * refused. It runs for every new connection, on the very addresses the socket will use, so a name that
 * resolves to a public address once and to 127.0.0.1 the next time (DNS rebinding) cannot slip through.
 */
export function guardedLookup(resolve: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (resolved) => {
        const wanted =
          options.family === 4 || options.family === 6 ? resolved.filter((a) => a.family === options.family) : resolved;
        for (const a of wanted) {
          const range = addressRefusal(a.address);
          if (range) return callback(new WebhookAddressRefusedError(hostname, a.address, range), '');
        }
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

export interface WebhookDispatcherOptions {
  /** WEBHOOK_ALLOW_PRIVATE: tests and on-premises receivers. Default false. */
  allowPrivate?: boolean;
  /** Default: the system resolver (`dns.lookup`). */
  resolve?: Resolver;
  /** TCP/TLS connect timeout in ms. Default 10 000. */
  connectTimeoutMs?: number;
}

/**
 * The undici dispatcher every webhook goes through. Unless private addresses are allowed, its connector
 * checks the address at connect time: a literal IP before connecting, a name through guardedLookup.
 */
export function createWebhookDispatcher(opts: WebhookDispatcherOptions = {}): Dispatcher {
  const timeout = opts.connectTimeoutMs ?? 10_000;
  if (opts.allowPrivate) return new Agent({ connect: { timeout } });
  const connectVia = buildConnector({ timeout, lookup: guardedLookup(opts.resolve ?? systemResolver) });
  const connect: buildConnector.connector = (options, callback) => {
    if (net.isIP(options.hostname)) {
      const range = addressRefusal(options.hostname);
      if (range) return callback(new WebhookAddressRefusedError(options.hostname, options.hostname, range), null);
    }
    connectVia(options, callback);
  };
  return new Agent({ connect });
}
