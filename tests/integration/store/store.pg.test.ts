import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/store/migrate.js';
import { openStore } from '../../../src/store/open-store.js';
import { openPgDb } from '../../../src/store/pg-db.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import { applyTimescale, timescaleAvailable } from '../../../src/store/timescale.js';
import { makeRun } from './fixtures.js';
import { storeContract } from './store.contract.js';

const pgUrl = inject('pgUrl');
const created: string[] = [];
let seq = 0;
/** A schema name unique to this file and call; all of them are dropped at the end. */
function freshSchema(): string {
  const name = `t_store_${process.pid}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  created.push(name);
  return name;
}

afterAll(async () => {
  const admin = await openPgDb({ url: pgUrl, poolSize: 1 });
  for (const s of created) await admin.exec(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin.close();
});

storeContract({
  kind: 'postgres',
  async open() {
    const db = await openPgDb({ url: pgUrl, schema: freshSchema(), poolSize: 6 });
    await migrate(db);
    return { store: createSqlStore(db, { timescale: await applyTimescale(db) }), db };
  },
  openEmptyDb: () => openPgDb({ url: pgUrl, schema: freshSchema(), poolSize: 2 }),
});

describe('store on PostgreSQL', () => {
  it('opens through openStore in its own schema and reports the backend', async () => {
    const [s1, s2] = [freshSchema(), freshSchema()];
    const a = await openStore({ databaseUrl: pgUrl, schema: s1, poolSize: 3 });
    const b = await openStore({ databaseUrl: pgUrl, schema: s2, poolSize: 3 });
    try {
      const probe = await openPgDb({ url: pgUrl, poolSize: 1 });
      const available = await timescaleAvailable(probe);
      await probe.close();
      expect(a.backend).toEqual({ kind: 'postgres', timescale: available });
      const run = await a.saveRun(makeRun({ service: 'shared-name' }));
      expect((await a.getRun(run.id))?.id).toBe(run.id);
      // Schemas are separate stores.
      expect(await b.getRun(run.id)).toBeNull();
      expect(await b.latestRun('shared-name')).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('gives every pooled connection the schema as search_path', async () => {
    const schema = freshSchema();
    const db = await openPgDb({ url: pgUrl, schema, poolSize: 4 });
    try {
      const rows = await Promise.all(
        Array.from({ length: 12 }, () =>
          db.query<{ s: string }>('SELECT current_schema() AS s, pg_sleep(0.02)::text AS z'),
        ),
      );
      expect(new Set(rows.map((r) => r[0]!.s))).toEqual(new Set([schema]));
      const inTx = await db.tx((t) => t.query<{ s: string }>('SELECT current_schema() AS s'));
      expect(inTx[0]!.s).toBe(schema);
    } finally {
      await db.close();
    }
  });

  it('applies each migration once when two pools migrate the same schema at the same time', async () => {
    const schema = freshSchema();
    const dir = mkdtempSync(join(tmpdir(), 'loadlens-store-race-'));
    // Slow first step: without the advisory lock both migrators would run it and one would fail.
    writeFileSync(
      join(dir, '001_slow.sql'),
      'SELECT pg_sleep(0.3);\nCREATE TABLE raced (id int PRIMARY KEY);',
    );
    writeFileSync(join(dir, '002_more.sql'), 'INSERT INTO raced VALUES (1);');
    // Opened together too: both create the schema at once, which must not fail either.
    const [a, b] = await Promise.all([
      openPgDb({ url: pgUrl, schema, poolSize: 2 }),
      openPgDb({ url: pgUrl, schema, poolSize: 2 }),
    ]);
    try {
      const [ra, rb] = await Promise.all([migrate(a, { dir }), migrate(b, { dir })]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual([1, 2]);
      expect([ra.current, rb.current]).toEqual([2, 2]);
      expect(await a.query('SELECT id FROM raced')).toEqual([{ id: 1 }]);
      // And the real migrations, raced the same way on a fresh schema.
      const s2 = freshSchema();
      const [c, d] = await Promise.all([
        openPgDb({ url: pgUrl, schema: s2 }),
        openPgDb({ url: pgUrl, schema: s2 }),
      ]);
      const [rc, rd] = await Promise.all([migrate(c), migrate(d)]);
      expect([...rc.applied, ...rd.applied].sort((x, y) => x - y)).toEqual(
        loadMigrations().map((m) => m.version),
      );
      await Promise.all([c.close(), d.close()]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
