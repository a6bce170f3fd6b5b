import { connect } from 'node:net';
import { join } from 'node:path';
import { findBinary } from '../binaries.js';
import { freePort } from '../free-port.js';
import { isPortClash, retryOnPortClash, type ServerProcess, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

export interface RedisStartOptions extends StartOptions {
  /** Persist to an append-only file in the temp dir, so data survives `restart()`. Default false. */
  appendonly?: boolean;
}

/** A throwaway Redis that a test can restart on the same port (e.g. to test reconnects). */
export interface RedisServer extends HarnessServer {
  /** Stops and starts again on the same port and dir; `appendonly` defaults to the current setting. */
  restart(opts?: { appendonly?: boolean }): Promise<void>;
  /** Stops the server but keeps the dir and port, for tests of an outage; `restart()` brings it back. */
  kill(): Promise<void>;
}

/** Sends a raw PING: ready only on +PONG (a server still loading its AOF answers -LOADING). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(1_000, () => socket.destroy(new Error('PING timed out')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.includes('\r\n')) {
        socket.end();
        resolve(data.startsWith('+PONG'));
      }
    });
  });
}

/** Starts `redis-server` on a free loopback port with a fresh temp dir and no RDB snapshots. */
export async function startRedis(opts: RedisStartOptions = {}): Promise<RedisServer> {
  const started = Date.now();
  const bin = findBinary('redis-server', 'redis-server');
  const dir = makeTempDir('redis', opts.tmpBase);
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let appendonly = opts.appendonly ?? false;

  const launch = async (port: number): Promise<ServerProcess> => {
    const proc = spawnServer({
      name: 'redis-server',
      bin,
      // biome-ignore format: one flag per line reads better
      args: [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', appendonly ? 'yes' : 'no',
        '--dir', dir,
        '--daemonize', 'no',
      ],
      logFile: join(dir, 'redis.log'),
      cwd: dir,
    });
    await waitOrStop(proc, () => pong(port), timeoutMs);
    return proc;
  };

  let proc: ServerProcess | null;
  let port: number;
  try {
    ({ proc, port } = await retryOnPortClash(async () => {
      const port = await freePort();
      return { proc: await launch(port), port };
    }));
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }

  const kill = async (): Promise<void> => {
    await proc?.stop();
    proc = null;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    startupMs: Date.now() - started,
    kill,
    restart: async (o = {}) => {
      await kill();
      appendonly = o.appendonly ?? appendonly;
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
}
