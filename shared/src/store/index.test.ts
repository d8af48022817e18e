import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, SQLITE_FILE_NAME } from '.';

describe('openStore', () => {
  it('opens the embedded store under DATA_DIR, creating the directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-open-'));
    const dataDir = path.join(dir, 'nested', 'data');
    try {
      const store = await openStore({ STORE: 'sqlite', DATA_DIR: dataDir, MONGODB_URI: undefined });
      expect(store.kind).toBe('sqlite');
      await store.ping();
      await store.close();
      expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses STORE=mongo without a URI', async () => {
    await expect(openStore({ STORE: 'mongo', DATA_DIR: os.tmpdir(), MONGODB_URI: undefined })).rejects.toThrow('MONGODB_URI');
  });
});
