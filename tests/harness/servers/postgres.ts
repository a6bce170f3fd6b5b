import { chownSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { isRoot, osUser, postgresBinDir } from '../binaries.js';
import { freePort } from '../free-port.js';
import { isPortClash, retryOnPortClash, runCommand, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

/** A throwaway PostgreSQL cluster; `url` is the trust-auth superuser on database `postgres`. */
export interface PostgresServer extends HarnessServer {
  readonly dataDir: string;
  /** Stops the server (fast shutdown) but keeps the data dir and port, for outage tests. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data dir (after `kill()`; stops it first if running). */
  restart(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  // A refused connection also emits 'error' on the client; without a listener it would crash.
  client.on('error', () => {});
  try {
    await client.connect();
    const res = await client.query('select 1 as one');
    return res.rows[0]?.one === 1;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts PostgreSQL from Debian's newest `/usr/lib/postgresql/<major>/bin`, in a fresh temp
 * dir, on a free port. initdb and postgres refuse root, so as root both run as the
 * `postgres` account (created by the Debian package) and the temp dir is chowned to it.
 * Durability is off (fsync, full page writes, synchronous commit): the data is thrown away.
 */
export async function startPostgres(opts: StartOptions = {}): Promise<PostgresServer> {
  const started = Date.now();
  const bin = postgresBinDir();
  const runAs = isRoot() ? osUser('postgres', 'postgresql') : undefined;
  const dir = makeTempDir('pg', opts.tmpBase);
  const dataDir = join(dir, 'data');
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    await runCommand(
      join(bin, 'initdb'),
      ['-D', dataDir, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
      // cwd: the postgres account may not be allowed into the repo dir.
      { runAs, cwd: dir, timeoutMs: 60_000 },
    );
    const launch = async (port: number) => {
      const proc = spawnServer({
        name: 'postgres',
        bin: join(bin, 'postgres'),
        // biome-ignore format: one flag per line reads better
        args: [
          '-D', dataDir,
          '-p', String(port),
          '-k', dir,
          '-c', 'listen_addresses=127.0.0.1',
          '-c', 'fsync=off',
          '-c', 'full_page_writes=off',
          '-c', 'synchronous_commit=off',
        ],
        logFile: join(dir, 'postgres.log'),
        cwd: dir,
        runAs,
        stopSignal: 'SIGINT',
      });
      await waitOrStop(proc, () => answers(pgUrl(port)), opts.timeoutMs ?? 30_000);
      return proc;
    };
    const first = await retryOnPortClash(async () => {
      const port = await freePort();
      return { proc: await launch(port), port };
    });
    const port = first.port;
    let proc: Awaited<ReturnType<typeof launch>> | null = first.proc;
    const kill = async () => {
      await proc?.stop();
      proc = null;
    };
    return {
      url: pgUrl(port),
      port,
      dir,
      dataDir,
      startupMs: Date.now() - started,
      kill,
      restart: async () => {
        await kill();
        // The port is ours by convention only; if something grabbed it meanwhile, wait and retry.
        for (let i = 1; ; i++) {
          try {
            proc = await launch(port);
            return;
          } catch (err) {
            if (i >= 10 || !isPortClash(err)) throw err;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      },
      stop: async () => {
        await kill();
        await removeTempDir(dir);
      },
    };
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
}

function pgUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}
