import type { StoreFactory } from '../../store/contract/describeStoreContract';
import { mongoStoreOn } from '../../store/mongo';
import { migrate } from '../../store/mongo/migrate';
import type { Store } from '../../store/port';
import { FakeMongo, fakeMongoConnection } from './fakeMongo';

/** A fresh fake deployment, migrated like a real one (`npm run db:migrate`), and the adapter's store on it. */
export async function openFakeMongoStore(opts: { replicaSet?: boolean } = {}): Promise<{ store: Store; server: FakeMongo }> {
  const server = new FakeMongo(opts.replicaSet ?? false);
  const deploy = fakeMongoConnection(server);
  await migrate(deploy);
  await deploy.close();
  server.ops.length = 0;
  return { store: await mongoStoreOn(fakeMongoConnection(server)), server };
}

/** The contract suite's factory over the fake: a fresh deployment per test. */
export function fakeMongoFactory(opts: { replicaSet?: boolean } = {}): StoreFactory & { servers: FakeMongo[] } {
  const servers: FakeMongo[] = [];
  return {
    servers,
    async open() {
      const { store, server } = await openFakeMongoStore(opts);
      servers.push(server);
      return store;
    },
    async dispose(store) {
      await store.close();
    },
  };
}
