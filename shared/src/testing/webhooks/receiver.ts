/** A real webhook receiver for tests and the benchmark: node:http on 127.0.0.1, verifying like a customer would. */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body when a secret verified the signature, else null. */
  verified: unknown;
  verifyError: string | null;
  status: number;
  receivedAt: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Answer after this long (to keep deliveries in flight). */
  delayMs?: number;
  /** Keep the request unanswered until `releaseHeld()`: a delivery certainly in flight, whatever the timing. */
  hold?: boolean;
}

export interface TestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** What to answer to the n-th attempt (0-based) of a webhook-id; default 200. */
  reply: (req: { n: number; path: string; body: string; id: string }) => Reply;
  /** Secrets to verify with (any one verifying is enough); none: nothing is verified. */
  secrets: string[];
  /** The webhook-ids of the requests held unanswered now (`reply.hold`). */
  held(): string[];
  /** Resolves once `count` requests are held unanswered; rejects after timeoutMs. */
  waitForHeld(count: number, timeoutMs: number): Promise<void>;
  /**
   * Answers every held request whose sender is still connected, as its reply says (recorded in `received`);
   * one whose sender went away (a killed process) is dropped unrecorded: no answer ever reached it.
   */
  releaseHeld(): void;
  /** Resolves once `count` webhooks (optionally matching) have arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs: number, match?: (w: ReceivedWebhook) => boolean): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const events = new EventEmitter();
  const received: ReceivedWebhook[] = [];
  const counts = new Map<string, number>();
  const held = new Map<http.ServerResponse, { id: string; answer: () => void }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const n = counts.get(headers['webhook-id']) ?? 0;
      counts.set(headers['webhook-id'], n + 1);
      let verified: unknown = null;
      let verifyError: string | null = receiver.secrets.length === 0 ? 'no secret to verify with' : null;
      for (const secret of receiver.secrets) {
        try {
          verified = new Webhook(secret).verify(body, headers);
          verifyError = null;
          break;
        } catch (err) {
          verifyError = (err as Error).message;
        }
      }
      const reply = receiver.reply({ n, path, body, id: headers['webhook-id'] });
      const answer = () => {
        received.push({
          id: headers['webhook-id'],
          timestamp: headers['webhook-timestamp'],
          signature: headers['webhook-signature'],
          body,
          verified,
          verifyError,
          status: reply.status,
          receivedAt: Date.now(),
        });
        res.writeHead(reply.status, reply.headers).end();
        events.emit('received');
      };
      if (reply.hold) {
        held.set(res, { id: headers['webhook-id'], answer });
        events.emit('held');
      } else if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: TestReceiver = {
    url: `http://127.0.0.1:${port}`,
    received,
    reply: () => ({ status: 200 }),
    secrets: [],
    held: () => [...held.values()].map((h) => h.id),
    waitForHeld(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (held.size < count) return;
          clearTimeout(timer);
          events.off('held', check);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('held', check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} held requests; got ${held.size}`));
        }, timeoutMs);
        events.on('held', check);
        check();
      });
    },
    releaseHeld() {
      for (const [res, h] of held) {
        held.delete(res);
        if (res.socket && !res.socket.destroyed) h.answer();
      }
    },
    waitFor(count, timeoutMs, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hits = received.filter(match);
          if (hits.length < count) return;
          clearTimeout(timer);
          events.off('received', check);
          resolve(hits);
        };
        const timer = setTimeout(() => {
          events.off('received', check);
          reject(
            new Error(`timed out after ${timeoutMs} ms waiting for ${count} webhooks; got ${received.filter(match).length}`),
          );
        }, timeoutMs);
        events.on('received', check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
