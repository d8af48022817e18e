import type { Store } from '../port';
import { candidatesContract } from './candidates.contract';
import { deliveriesContract } from './deliveries.contract';
import { eventsAcceptContract } from './eventsAccept.contract';
import { eventsReadContract } from './eventsRead.contract';
import { scoreSeqsContract } from './scoreSeqs.contract';
import { scoresContract } from './scores.contract';
import { subjectsContract } from './subjects.contract';
import { subscriptionsContract } from './subscriptions.contract';
import { supplyContract } from './supply.contract';
import { tenancyContract } from './tenancy.contract';

/** Opens a fresh, empty store for one test and disposes of it (file, database) afterwards. */
export interface StoreFactory {
  open(): Promise<Store>;
  dispose(store: Store): Promise<void>;
  /** After the last test (stop a server the factory started). */
  teardown?(): Promise<void>;
}

/** The store under test: set before each test. */
export type CurrentStore = () => Store;

/** The one contract every storage adapter passes (docs/contributing.md Data): same tests, any adapter. */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let store: Store | undefined;
    const current: CurrentStore = () => {
      if (!store) throw new Error('no store open');
      return store;
    };
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      if (store) await factory.dispose(store);
      store = undefined;
    });
    afterAll(async () => {
      await factory.teardown?.();
    });

    tenancyContract(current);
    subjectsContract(current);
    eventsAcceptContract(current);
    eventsReadContract(current);
    candidatesContract(current);
    scoresContract(current);
    scoreSeqsContract(current);
    supplyContract(current);
    subscriptionsContract(current);
    deliveriesContract(current);
  });
}
