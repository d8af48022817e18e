import { Schema, type Connection } from 'mongoose';
import type { DeploymentRepository } from '../port';
import { DEPLOYMENT_IDENTITY_KEY as IDENTITY, newDeploymentIdentity } from '../deployment';
import { byId } from './filters';
import { isDuplicateKey, PLAIN } from './mapping';

/** One document per fact a deployment knows about itself (`_id`: its name). */
export const metaSchema = new Schema({ _id: String, value: { type: String, required: true } }, PLAIN);

/** The identity lives in the `meta` collection; the first process to upsert it wins, every other one reads it. */
export function mongoDeployment(conn: Connection): DeploymentRepository {
  const Meta = conn.model<unknown>('Meta', metaSchema, 'meta');
  return {
    async identity() {
      try {
        await Meta.updateOne(byId(IDENTITY), { $setOnInsert: { value: newDeploymentIdentity() } }, { upsert: true });
      } catch (err) {
        // Two processes creating it at once: the other one's is kept.
        if (!isDuplicateKey(err)) throw err;
      }
      const doc = await Meta.findOne(byId(IDENTITY)).lean<{ value: string }>();
      return doc!.value;
    },
  };
}
