import { afterAll, beforeAll, inject } from 'vitest';
import { migrate } from '../../../src/store/migrate.js';
import { openPgDb } from '../../../src/store/pg-db.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { Store } from '../../../src/store/store.js';
import { narrativesContract } from '../../unit/llm/narratives-contract.js';

// The narrative store and regenerate on PostgreSQL, in a schema of its own.
const pgUrl = inject('pgUrl');
const schema = `t_llm_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let store: Store;

beforeAll(async () => {
  const db = await openPgDb({ url: pgUrl, schema, poolSize: 4 });
  await migrate(db);
  store = createSqlStore(db);
});

afterAll(async () => {
  await store?.close();
  const admin = await openPgDb({ url: pgUrl, poolSize: 1 });
  await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
});

narrativesContract('postgres', () => store);
