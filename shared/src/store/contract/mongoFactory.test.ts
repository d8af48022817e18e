import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findMongoTarget } from './mongoFactory';

describe('where the Mongo contract runs', () => {
  it('prefers MONGODB_URI, then an executable mongod on PATH, else nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-path-'));
    try {
      const empty = path.join(dir, 'empty');
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(empty);
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'mongod'), '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(path.join(empty, 'mongod'), 'not executable', { mode: 0o644 });
      expect(findMongoTarget({ MONGODB_URI: 'mongodb://db:27017', PATH: bin })).toEqual({ uri: 'mongodb://db:27017' });
      expect(findMongoTarget({ PATH: [empty, bin].join(path.delimiter) })).toEqual({ mongod: path.join(bin, 'mongod') });
      expect(findMongoTarget({ PATH: empty })).toBeNull();
      expect(findMongoTarget({})).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
