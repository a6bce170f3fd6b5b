import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { narrativesContract } from '../llm/narratives-contract.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from './pglite-harness.js';

// The narrative store and regenerate on embedded PGlite.
const factory = pgliteFactory();
let store: Store;
beforeAll(async () => {
  store = (await factory.open()).store;
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await store?.close();
  factory.cleanup();
});

narrativesContract('pglite', () => store);
