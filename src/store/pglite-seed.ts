import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { z } from 'zod';
import { assetPath } from '../core/assets.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { extractTar } from './tar-extract.js';

const gunzipAsync = promisify(gunzip);

/**
 * Where the shipped seed lives: a gzipped tar of a PGlite data directory that ran initdb
 * and every migration up to `seed.json`'s `migration`, made by `scripts/make-pglite-seed.ts`.
 */
export function defaultSeedDir(): string {
  return assetPath('assets', 'pglite');
}

const manifestSchema = z.object({
  /** The @electric-sql/pglite version that wrote the seed: its catalog must match ours. */
  pglite: z.string().min(1),
  /** The highest migration applied in the seed; later ones run on first open. */
  migration: z.number().int().nonnegative(),
});
export type SeedManifest = z.infer<typeof manifestSchema>;

/** The installed @electric-sql/pglite version (the seed is only valid for it). */
export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')))
    .version;
}

/** Reads `seed.json` next to the seed; null when there is no seed. */
export function readSeedManifest(seedDir: string): SeedManifest | null {
  const file = join(seedDir, 'seed.json');
  if (!existsSync(file) || !existsSync(join(seedDir, 'seed.tar.gz'))) return null;
  return manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface SeedOptions {
  /** Folder holding `seed.tar.gz` and `seed.json` (default: the packaged one). */
  seedDir?: string;
  /** The installed PGlite version (tests pass another to see the seed refused). */
  pgliteVersion?: string;
  logger?: Logger;
}

/**
 * Fills a PGlite data directory that has no database yet from the shipped seed, so a first
 * run skips PGlite's initdb (8–13 s and ~0.8 GB of RSS here) and most migrations. Returns
 * false, leaving the directory alone, when it already holds a database or the seed is
 * missing or was made by another PGlite version (PGlite then runs initdb as before). The
 * seed is unpacked beside the target and renamed into place, so a crash or a concurrent
 * first run never leaves a half-written database behind.
 */
export async function seedDataDir(dataDir: string, opts: SeedOptions = {}): Promise<boolean> {
  const logger = opts.logger ?? silentLogger;
  // A directory with anything in it is PGlite's business (a database, or something to refuse).
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const seedDir = opts.seedDir ?? defaultSeedDir();
  const manifest = readSeedManifest(seedDir);
  const version = opts.pgliteVersion ?? installedPgliteVersion();
  if (!manifest || manifest.pglite !== version) {
    logger.warn('no usable PGlite seed: the first start runs initdb (slow)', {
      seed: manifest?.pglite ?? null,
      pglite: version,
    });
    return false;
  }
  const tmp = `${dataDir}.seed-${process.pid}-${Date.now()}`;
  try {
    // Off the event loop (zlib's pool, async writes): the report's queries are in flight.
    await extractTar(await gunzipAsync(await readFile(join(seedDir, 'seed.tar.gz'))), tmp);
    // An empty target (left by an earlier mkdir) makes way; rmdir refuses a non-empty one.
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(tmp, dataDir);
    return true;
  } catch (err) {
    if (existsSync(join(dataDir, 'PG_VERSION'))) return false; // another process won the race
    throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
