import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp dirs are named `loadlens-h-<owner pid>-<kind>-<random>` so stale ones can be found. */
const PREFIX = 'loadlens-h-';

/** Dirs still to remove if the test run dies before the owning server's `stop()`. */
const pending = new Set<string>();

/** A fresh private temp dir for one server or one setup run; removed on process exit at the latest. */
export function makeTempDir(kind: string, base: string = tmpdir()): string {
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-${kind}-`));
  pending.add(dir);
  return dir;
}

/** Removes a dir made by `makeTempDir` (missing dirs are fine). */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  pending.delete(dir);
}

/** Synchronous removal of every dir not removed yet: for `process.on('exit')`, which cannot await. */
export function removePendingTempDirsSync(): void {
  for (const dir of pending) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2, retryDelay: 50 });
    } catch {
      // Best effort: a server killed a moment ago may still be writing.
    }
    pending.delete(dir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the pid exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp dirs left by earlier runs whose owner process is gone (a run killed with
 * SIGKILL cannot clean up). Dirs of live runs, e.g. other test runs in parallel, are kept.
 */
export function sweepStaleTempDirs(base: string = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
      removed++;
    } catch {
      // Another user's dir or a race with another sweeper: leave it.
    }
  }
  return removed;
}
