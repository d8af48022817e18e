import { describeStoreContract } from '../../contract/describeStoreContract';
import { fakeMongoFactory } from '../../../testing/mongo/fakeStore';

// The whole MongoDB adapter, through mongoose, on the mingo fake (testing/mongo/fakeMongo.ts): the same
// contract as SQLite, on a standalone (no transactions: the documented write orders) and a replica set.
describeStoreContract('mongo adapter on the fake standalone', fakeMongoFactory({ replicaSet: false }));
describeStoreContract('mongo adapter on the fake replica set', fakeMongoFactory({ replicaSet: true }));
