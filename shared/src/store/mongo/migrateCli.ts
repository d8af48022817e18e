/**
 * `npm run db:migrate`: the deploy step that creates collections, fills derived fields and syncs indexes
 * (migrate.ts) on the database MONGODB_URI names. Services refuse to start until it has run.
 */
import { loadConfig } from '../../runtime/config';
import { connectMongo } from '.';
import { migrate } from './migrate';

async function main(): Promise<void> {
  const uri = loadConfig().MONGODB_URI;
  if (!uri) throw new Error('db:migrate needs MONGODB_URI (the database the services use)');
  const conn = await connectMongo({ uri });
  try {
    await migrate(conn, (line) => console.log(`db:migrate: ${line}`));
  } finally {
    await conn.close();
  }
}

main().catch((err: unknown) => {
  console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
