import { DEPLOYMENT_IDENTITY_KEY as IDENTITY, newDeploymentIdentity } from '../deployment';
import type { DeploymentRepository } from '../port';
import type { Db } from './db';

/** The identity lives in the `meta` table; the first process to insert it wins, every other one reads it. */
export function sqliteDeployment(db: Db): DeploymentRepository {
  const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const read = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  return {
    async identity() {
      insert.run(IDENTITY, newDeploymentIdentity());
      return read.get(IDENTITY)!.value;
    },
  };
}
