import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/core/assets.js';
import { findBinary } from '../../harness/binaries.js';
import { processGone, spawnServer, waitOrStop, waitUntilReady } from '../../harness/process.js';
import { startRedis } from '../../harness/servers/redis.js';
import { makeTempDir, removeTempDir, sweepStaleTempDirs } from '../../harness/tmp.js';

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Runs tests/harness/fixtures/crash-child.ts in a separate node and returns what it printed. */
function runCrashChild(mode: 'throw' | 'wait') {
  const root = packageRoot();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'tests/harness/fixtures/crash-child.ts'), mode],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<{ pid: number; dir: string }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as { pid: number; dir: string });
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`crash child exited early (${code}): ${err}`)));
  });
  return { child, exited, started };
}

describe('server processes', () => {
  it('reports an early exit with the tail of the server log', async () => {
    const dir = makeTempDir('early-exit');
    const proc = spawnServer({
      name: 'failing-server',
      bin: findBinary('sh', 'dash'),
      args: ['-c', 'echo "FATAL: config is broken" >&2; exit 3'],
      logFile: join(dir, 'log'),
    });
    await expect(waitUntilReady(proc, async () => false, { timeoutMs: 5_000 })).rejects.toThrow(
      /failing-server exited \(code 3[\s\S]*FATAL: config is broken/,
    );
    await removeTempDir(dir);
  });

  it('times out with the log tail and kills a server that never gets ready', async () => {
    const dir = makeTempDir('timeout');
    const proc = spawnServer({
      name: 'slow-server',
      bin: findBinary('sh', 'dash'),
      args: ['-c', 'echo still warming up; exec sleep 300'],
      logFile: join(dir, 'log'),
    });
    const probe = async () => {
      throw new Error('connection refused');
    };
    await expect(waitOrStop(proc, probe, 300)).rejects.toThrow(
      /slow-server not ready after .*connection refused[\s\S]*still warming up/,
    );
    expect(proc.exitInfo()).not.toBeNull();
    await removeTempDir(dir);
  });

  it('names the Debian package when a binary is missing', () => {
    expect(() => findBinary('loadlens-no-such-binary', 'some-package')).toThrow(
      'loadlens-no-such-binary not found: apt-get install some-package',
    );
  });

  it('kills spawned servers and removes temp dirs when the test process crashes', async () => {
    const { started, exited } = runCrashChild('throw');
    const { pid, dir } = await started;
    expect(processGone(pid)).toBe(false);
    expect(await exited).not.toBe(0);
    expect(await eventually(() => processGone(pid))).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('kills spawned servers when the test process is SIGKILLed; the next run sweeps its dir', async () => {
    const { child, started, exited } = runCrashChild('wait');
    const { pid, dir } = await started;
    expect(processGone(pid)).toBe(false);
    child.kill('SIGKILL');
    await exited;
    expect(await eventually(() => processGone(pid))).toBe(true);
    expect(existsSync(dir)).toBe(true);
    sweepStaleTempDirs();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('redis starter', () => {
  it('restarts on the same port, keeping data with appendonly, and stop() removes everything', async () => {
    const redis = await startRedis({ appendonly: true });
    const client = new Redis(redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    client.on('error', () => {});
    try {
      const key = `harness-lifecycle-${process.pid}`;
      await client.set(key, 'kept');
      await redis.restart();
      expect(await client.get(key)).toBe('kept');
      await redis.restart({ appendonly: false });
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(existsSync(redis.dir)).toBe(false);
    const probe = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });
});
