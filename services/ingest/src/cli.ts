import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '@minerisk/shared/runtime/config';
import { FEED_FORMATS, type FeedFormat } from '@minerisk/shared/domain';
import { FeedError } from '@minerisk/shared/domain/errors';
import { parseFeed } from '@minerisk/shared/feeds';
import { acceptDocument, type EnqueueEvents } from '@minerisk/shared/ingest/accept';
import { openContext } from '@minerisk/shared/runtime/context';
import type { Store } from '@minerisk/shared/store/port';

export const USAGE = `Backfill a feed document into the store and the events queue.

  npm run ingest -- --format <${FEED_FORMATS.join('|')}> --file <path> [--tenant <id>] [--dry-run]

  --tenant   the events belong to that tenant (default: none, global like a polled public feed)
  --dry-run  parse and report, store nothing
Exit status: 0 done, 1 the document was refused (unparseable or wrong format), 2 usage or I/O error.`;

/** Where accepted events go: the configured store and the BullMQ events queue (job id = event id). */
export interface IngestTarget {
  store: Store;
  enqueueEvents: EnqueueEvents;
  close(): Promise<void>;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Opens the store and the queue; only called once the document has parsed. */
  open(): Promise<IngestTarget>;
}

/** The store and queue of the environment's configuration (SQLite or MongoDB, Redis as docs/api.md resolves it). */
export async function openTarget(config: Config = loadConfig()): Promise<IngestTarget> {
  const { ctx, close } = await openContext('ingest-cli', {
    ...config,
    LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
  });
  return { store: ctx.store, enqueueEvents: ctx.producers.enqueueEvents, close };
}

function isFormat(s: string): s is FeedFormat {
  return (FEED_FORMATS as readonly string[]).includes(s);
}

/** `npm run ingest -- --format cap --file alert.xml [--tenant t]`: returns the exit status. */
export async function runIngestCli(argv: string[], io: CliIo): Promise<number> {
  let values: { format?: string; file?: string; tenant?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        file: { type: 'string' },
        tenant: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { format, file, tenant } = values;
  if (!format || !isFormat(format) || !file) {
    io.stderr(`${format && !isFormat(format) ? `unknown format "${format}"` : '--format and --file are required'}\n\n${USAGE}\n`);
    return 2;
  }
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch (err) {
    io.stderr(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let doc;
  try {
    doc = parseFeed(format, body);
  } catch (err) {
    if (err instanceof FeedError) {
      io.stderr(`${file}: ${err.status === 400 ? 'unparseable' : 'wrong format'}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (values['dry-run']) {
    const count = (kind: string) => doc.items.filter((i) => i.kind === kind).length;
    const rejected = doc.items.flatMap((i) => (i.kind === 'rejected' ? [{ index: i.index, error: i.error }] : []));
    io.stdout(
      `${JSON.stringify({ file, format, dryRun: true, events: count('event'), ignored: count('ignored'), rejected }, null, 2)}\n`,
    );
    return 0;
  }
  let target: IngestTarget;
  try {
    target = await io.open();
  } catch (err) {
    io.stderr(`cannot open the store or the queue: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const report = await acceptDocument({ store: target.store, enqueueEvents: target.enqueueEvents }, tenant ?? null, doc);
    io.stdout(`${JSON.stringify({ file, format, tenant: tenant ?? null, ...report }, null, 2)}\n`);
    return 0;
  } finally {
    await target.close();
  }
}

if (require.main === module) {
  runIngestCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    open: () => openTarget(),
  }).then(
    (code) => {
      process.exitCode = code;
      // Everything is closed by now; this only guards against a stray handle keeping the CLI alive.
      setTimeout(() => process.exit(code), 5000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`ingest failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(2);
    },
  );
}
