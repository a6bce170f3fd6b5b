/**
 * Writes `assets/pglite/seed.tar.gz` and `seed.json`: a PGlite data directory after initdb
 * and every migration, which `openPgliteDb` unpacks into a fresh `LOADLENS_DATA_DIR` instead
 * of running initdb. Run again after upgrading @electric-sql/pglite (a seed from another
 * version is ignored) and, optionally, after adding a migration (later migrations simply run
 * on first open): `npx tsx scripts/make-pglite-seed.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../src/store/migrate.js';
import { defaultSeedDir, installedPgliteVersion, type SeedManifest } from '../src/store/pglite-seed.js';

const pg = await PGlite.create('memory://');
// The same wrapper the store uses, so the seed holds exactly what migrate() would write.
const { wrapPglite } = await import('../src/store/pglite-db.js');
const db = wrapPglite(pg);
const { current } = await migrate(db);
await pg.exec('CHECKPOINT');
const dump = await pg.dumpDataDir('gzip');
await pg.close();
const dir = defaultSeedDir();
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'seed.tar.gz'), Buffer.from(await dump.arrayBuffer()));
const manifest: SeedManifest = { pglite: installedPgliteVersion(), migration: current };
writeFileSync(join(dir, 'seed.json'), `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`seed written to ${dir}: ${dump.size} bytes, migration ${current}\n`);
