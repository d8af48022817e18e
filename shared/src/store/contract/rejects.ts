/**
 * Asserts that a store call fails. Not `rejects.toThrow()`: better-sqlite3 registers its SqliteError class
 * once per process, from the first jest test file that loads it, so in a later file of the same worker the
 * error comes from another realm and jest's Error check does not recognise it.
 */
export async function expectStoreRefusal(p: Promise<unknown>): Promise<void> {
  let refused: unknown = undefined;
  let failed = false;
  try {
    await p;
  } catch (err) {
    failed = true;
    refused = err;
  }
  expect(failed).toBe(true);
  expect(typeof (refused as { message?: unknown }).message).toBe('string');
}
