import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES, tenantId } from '@minerisk/shared/domain/tenancy';
import type { Store } from '@minerisk/shared/store/port';
import { createApiKey } from '../auth/createApiKey';

export const KEYS_USAGE = `Usage:
  npm run keys -- create --tenant <tenant> --role admin|analyst|reader [--name <name>]
  npm run keys -- list --tenant <tenant>
  npm run keys -- revoke --tenant <tenant> --id <key id>`;

const commandSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('create'),
    tenant: tenantId,
    role: z.enum(ROLES),
    name: z.string().trim().min(1).max(100).optional(),
  }),
  z.object({ command: z.literal('list'), tenant: tenantId }),
  z.object({ command: z.literal('revoke'), tenant: tenantId, id: z.string().min(1) }),
]);
export type KeysCommand = z.infer<typeof commandSchema>;

export class UsageError extends Error {}

export function parseKeysCommand(argv: string[]): KeysCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { tenant: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${KEYS_USAGE}`);
  }
  const result = commandSchema.safeParse({ command: parsed.positionals[0], ...parsed.values });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  --${i.path.join('.') || 'command'}: ${i.message}`).join('\n');
    throw new UsageError(`${problems}\n${KEYS_USAGE}`);
  }
  return result.data;
}

/** Runs one keys command against a store; writes what it shows to `out`. Returns the exit code. */
export async function runKeysCommand(
  cmd: KeysCommand,
  store: Store,
  out: (line: string) => void,
  now: Date = new Date(),
): Promise<number> {
  switch (cmd.command) {
    case 'create': {
      const { apiKey, plaintext } = await createApiKey(
        store,
        { tenantId: cmd.tenant, role: cmd.role, name: cmd.name ?? null },
        now,
      );
      out(`Created ${apiKey.role} key ${apiKey.id} for tenant ${apiKey.tenantId}. The key is shown only now:`);
      out(plaintext);
      return 0;
    }
    case 'list': {
      const keys = await store.apiKeys.list(cmd.tenant);
      if (keys.length === 0) out(`No keys in tenant ${cmd.tenant}.`);
      for (const k of keys)
        out([k.id, k.role, k.prefix, k.name ?? '-', k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t'));
      return 0;
    }
    case 'revoke': {
      if (!(await store.apiKeys.revoke(cmd.tenant, cmd.id, now.toISOString()))) {
        out(`No active key ${cmd.id} in tenant ${cmd.tenant}.`);
        return 1;
      }
      out(`Revoked ${cmd.id}.`);
      return 0;
    }
  }
}
