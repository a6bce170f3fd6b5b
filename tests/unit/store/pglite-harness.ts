import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../../../src/core/assets.js';
import type { Db } from '../../../src/store/db.js';
import { migrate } from '../../../src/store/migrate.js';
import { openPgliteDb } from '../../../src/store/pglite-db.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { Store } from '../../../src/store/store.js';

/** Generous: creating a PGlite database runs initdb under WebAssembly, slow on a busy CI box. */
export const PGLITE_HOOK_TIMEOUT = 120_000;

/**
 * An empty, initialised PGlite data dir, shared by every test file and run: initdb costs
 * seconds, copying and reopening a fraction of that. Keyed by the PGlite version; built in
 * a private dir and renamed into place, so concurrent builders never see a half-made one.
 */
async function sharedTemplate(): Promise<string> {
  const { version } = JSON.parse(
    readFileSync(assetPath('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  const dir = join(tmpdir(), `loadlens-pglite-template-${version}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const work = mkdtempSync(join(tmpdir(), 'loadlens-pglite-build-'));
  // seed: false — the template is an *empty* database (migration tests count what they apply).
  const db = await openPgliteDb({ dataDir: join(work, 'db'), seed: false });
  await db.close();
  try {
    renameSync(join(work, 'db'), dir);
  } catch {
    // Another test file won the race; its template is just as good.
  }
  rmSync(work, { recursive: true, force: true });
  return dir;
}

/** Fresh PGlite databases for tests, each a copy of the shared empty template. */
export function pgliteFactory() {
  const root = mkdtempSync(join(tmpdir(), 'loadlens-store-pglite-'));
  let n = 0;
  const fresh = async (): Promise<Db> => {
    const dir = join(root, `db${++n}`);
    cpSync(await sharedTemplate(), dir, { recursive: true });
    return openPgliteDb({ dataDir: dir });
  };
  return {
    openEmptyDb: fresh,
    /** Copies the empty template database to `dest` (a PGlite data dir). */
    async copyTemplate(dest: string): Promise<void> {
      cpSync(await sharedTemplate(), dest, { recursive: true });
    },
    async open(): Promise<{ store: Store; db: Db }> {
      const db = await fresh();
      await migrate(db);
      return { store: createSqlStore(db), db };
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
