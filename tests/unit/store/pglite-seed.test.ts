import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { loadMigrations } from '../../../src/store/migrate.js';
import { openStore } from '../../../src/store/open-store.js';
import {
  defaultSeedDir,
  installedPgliteVersion,
  readSeedManifest,
  seedDataDir,
} from '../../../src/store/pglite-seed.js';
import { extractTar } from '../../../src/store/tar-extract.js';
import { makeRun } from '../../integration/store/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'loadlens-seed-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dir = () => join(root, `d${++n}`);

/** One ustar header block for `name` (only the fields the extractor reads). */
function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(type, 156);
  h.write('ustar\x0000', 257, 'latin1');
  return h;
}

function tarOf(entries: Array<{ name: string; body?: string; type?: string }>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    parts.push(header(e.name, body.length, e.type ?? '0'));
    if (body.length) parts.push(Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]));
  }
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

describe('extractTar', () => {
  it('writes files and directories below the target', async () => {
    const d = dir();
    const count = await extractTar(
      tarOf([
        { name: '/base', type: '5' },
        { name: '/base/1/PG_VERSION', body: '17\n' },
      ]),
      d,
    );
    expect(count).toBe(1);
    expect(readdirSync(join(d, 'base', '1'))).toEqual(['PG_VERSION']);
  });

  it('refuses an entry that leaves the target and a link entry', async () => {
    const leaving = await extractTar(tarOf([{ name: '../../evil', body: 'x' }]), dir()).catch(
      (e: unknown) => e,
    );
    expect(isLoadLensError(leaving, 'STORE_ERROR')).toBe(true);
    await expect(extractTar(tarOf([{ name: 'link', type: '2' }]), dir())).rejects.toThrow(/unsupported type/);
  });
});

describe('the shipped PGlite seed', () => {
  it('matches the installed PGlite and is at most one migration behind', () => {
    const manifest = readSeedManifest(defaultSeedDir());
    expect(manifest?.pglite).toBe(installedPgliteVersion());
    const latest = Math.max(...loadMigrations().map((m) => m.version));
    // Later migrations still run on first open, but each one left out costs every first run.
    expect(manifest!.migration).toBeGreaterThanOrEqual(latest - 1);
  });

  it('fills a fresh data dir that openStore then uses, migrated, keeping what it saves', async () => {
    const dataDir = dir();
    const pg = join(dataDir, 'pglite');
    mkdirSync(pg, { recursive: true }); // an empty dir left by an earlier mkdir is fine
    expect(await seedDataDir(pg)).toBe(true);
    expect(existsSync(join(pg, 'PG_VERSION'))).toBe(true);
    const store = await openStore({ dataDir });
    const run = await store.saveRun(makeRun());
    await store.close();
    expect(await seedDataDir(pg)).toBe(false); // a database is never overwritten
    const again = await openStore({ dataDir });
    expect((await again.getRun(run.id))?.id).toBe(run.id);
    await again.close();
  }, 120_000);

  it('is what openStore starts a fresh data dir from: only later migrations are applied', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    const store = await openStore({ dataDir: join(dir(), 'never-made'), logger });
    await store.close();
    const seeded = readSeedManifest(defaultSeedDir())!.migration;
    const applied = lines
      .map((l) => JSON.parse(l) as { msg: string; version?: number })
      .filter((l) => l.msg === 'migration applied')
      .map((l) => l.version!);
    expect(applied.filter((v) => v <= seeded)).toEqual([]);
  }, 120_000);

  it('is refused for another PGlite version and for a non-empty dir', async () => {
    expect(await seedDataDir(dir(), { pgliteVersion: '0.0.1' })).toBe(false);
    const busy = dir();
    mkdirSync(busy);
    writeFileSync(join(busy, 'something'), 'x');
    expect(await seedDataDir(busy)).toBe(false);
    expect(readdirSync(busy)).toEqual(['something']);
  });
});
