import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { openSchemaStore } from '../../harness/pg-schema.js';
import { narrativesContract } from '../../unit/llm/narratives-contract.js';

// The narrative store and regenerate on PostgreSQL, in a schema of its own.
let store: Store;
let closeStore: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const opened = await openSchemaStore('llm', 4);
  store = opened.store;
  closeStore = opened.close;
});
afterAll(async () => {
  await closeStore?.();
});

narrativesContract('postgres', () => store);
