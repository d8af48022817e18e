/** `npm run keys -- create|list|revoke ...`: API keys without the API (first admin of a tenant, recovery). */
import { loadConfig } from '@minerisk/shared/runtime/config';
import { openStore } from '@minerisk/shared/store/index';
import { parseKeysCommand, runKeysCommand, UsageError } from './keysCommand';

async function main(): Promise<number> {
  let cmd;
  try {
    cmd = parseKeysCommand(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const store = await openStore(loadConfig());
  try {
    return await runKeysCommand(cmd, store, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`keys: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
