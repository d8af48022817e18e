/**
 * Why `api` rounds last three seconds: `npx tsx bench/openingRequests.ts` runs six one-second autocannon rounds
 * at 20 connections against a bare Express app, with the client in this thread so each response can be seen,
 * and prints per round the p99 of all requests, the p99 without each connection's first request, and the first
 * requests' median. Absolute figures are pessimistic (client and server share a thread); the comparison holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { median, percentile } from './stats';

const CONNECTIONS = 20;
const ROUNDS = 6;

async function main(): Promise<void> {
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  for (let round = 0; round < ROUNDS; round++) {
    const first: number[] = [];
    const rest: number[] = [];
    const seen = new Set<unknown>();
    await new Promise<void>((resolve, reject) => {
      const instance = autocannon({ url, connections: CONNECTIONS, duration: 1 }, (err) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
      instance.on('response', (client, _status, _bytes, ms) => {
        (seen.has(client) ? rest : first).push(ms);
        seen.add(client);
      });
    });
    const all = [...first, ...rest].sort((a, b) => a - b);
    rest.sort((a, b) => a - b);
    console.log(
      `round ${round + 1}: ${all.length} requests, opening share ${((100 * first.length) / all.length).toFixed(2)}%, ` +
        `p99 all ${percentile(all, 99).toFixed(1)} ms, p99 without openings ${percentile(rest, 99).toFixed(1)} ms, ` +
        `opening requests median ${median(first).toFixed(1)} ms`,
    );
  }
  server.closeAllConnections();
  server.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
