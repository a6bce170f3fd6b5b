import { afterAll, beforeAll } from 'vitest';
import type { ContractContext, StoreHarness } from './contract-helpers.js';
import { otherContract } from './contract-other.js';
import { runsContract } from './contract-runs.js';

export type { StoreHarness } from './contract-helpers.js';

/**
 * Registers the store contract: the same behaviour on every backend. One store serves the
 * whole contract (tests use unique names); migration tests open their own empty databases.
 */
export function storeContract(h: StoreHarness): void {
  const c = { h } as ContractContext;
  beforeAll(async () => {
    ({ store: c.store, db: c.db } = await h.open());
  }, 120_000);
  afterAll(async () => {
    await c.store?.close();
  });
  runsContract(c);
  otherContract(c);
}
