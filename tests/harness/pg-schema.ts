import { inject } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openPgDb } from '../../src/store/pg-db.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import type { Store } from '../../src/store/store.js';

/** A schema name no other test file uses: `t_<label>_<pid>_<random>`. */
export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drops a test schema with everything in it. */
export async function dropSchema(schema: string, pgUrl: string = inject('pgUrl')): Promise<void> {
  const admin = await openPgDb({ url: pgUrl, poolSize: 1 });
  try {
    await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.close();
  }
}

/**
 * A migrated store in a throwaway schema of the harness's PostgreSQL; `close()` closes it
 * and drops the schema, so test files never share state.
 */
export async function openSchemaStore(
  label: string,
  poolSize = 4,
): Promise<{ store: Store; close(): Promise<void> }> {
  const pgUrl = inject('pgUrl');
  const schema = uniqueSchema(label);
  const db = await openPgDb({ url: pgUrl, schema, poolSize });
  await migrate(db);
  const store = createSqlStore(db);
  return {
    store,
    async close() {
      await store.close();
      await dropSchema(schema, pgUrl);
    },
  };
}
