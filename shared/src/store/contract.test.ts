import { describeStoreContract } from './contract/describeStoreContract';
import { findMongoTarget, mongoFactory } from './contract/mongoFactory';
import { sqliteFactory } from './contract/sqliteFactory';

// The same contract against every adapter (docs/architecture.md Storage): SQLite always, MongoDB when one is at hand.
describeStoreContract('sqlite', sqliteFactory());

const mongo = findMongoTarget({ MONGODB_URI: process.env.MONGODB_URI, PATH: process.env.PATH });
if (mongo) describeStoreContract('mongo', mongoFactory(mongo));
else console.warn('MongoDB contract tests skipped: MONGODB_URI is not set and no mongod binary on PATH');
