import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { openStore } from '../../../src/store/open-store.js';
import { freePort } from '../../harness/free-port.js';
import { makeRun } from '../../integration/store/fixtures.js';
import { pgliteFactory } from './pglite-harness.js';

const factory = pgliteFactory();
afterAll(() => factory.cleanup());

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('openStore on PGlite', () => {
  it('keeps data in <dataDir>/pglite across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loadlens-store-data-'));
    try {
      await factory.copyTemplate(join(dataDir, 'pglite'));
      const first = await openStore({ dataDir });
      expect(first.backend).toEqual({ kind: 'pglite', timescale: false });
      const run = await first.saveRun(makeRun());
      await first.close();
      const second = await openStore({ dataDir });
      expect((await second.getRun(run.id))?.name).toBe(run.name);
      expect((await second.getSeries(run.id)).map((s) => s.key)).toEqual(['http.p95.orders', 'http.rps']);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('openStore with an unreachable DATABASE_URL', () => {
  it('fails fast with CONFIG_UNREACHABLE naming host:port, never the password', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await failure(
      openStore({ databaseUrl: `postgres://loadlens:Hunter2%21secret@127.0.0.1:${port}/db` }),
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(isLoadLensError(err, 'CONFIG_UNREACHABLE')).toBe(true);
    expect(err.message).toBe(`DATABASE_URL: cannot connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    const everything = JSON.stringify({ m: err.message, c: String(err.cause), s: err.stack });
    expect(everything).not.toContain('Hunter2');
  });

  it('gives up after the connect timeout when the server never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as { port: number };
    try {
      const t0 = Date.now();
      const err = await failure(
        openStore({ databaseUrl: `postgres://u:pw-xyz@127.0.0.1:${port}/db`, connectTimeoutMs: 300 }),
      );
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(isLoadLensError(err, 'CONFIG_UNREACHABLE')).toBe(true);
      expect(err.message).toMatch(
        new RegExp(`^DATABASE_URL: cannot connect to 127\\.0\\.0\\.1:${port} \\(.*timeout`),
      );
      expect(err.message).not.toContain('pw-xyz');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('rejects a bad sslmode before connecting', async () => {
    const err = await failure(openStore({ databaseUrl: 'postgres://h:1/db?sslmode=sometimes' }));
    expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
  });
});

describe('store schema option', () => {
  it('refuses a schema name that is not a plain identifier before connecting', async () => {
    const err = await failure(openStore({ databaseUrl: 'postgres://u@127.0.0.1:1/db', schema: 'x"; DROP' }));
    expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
  });

  it('puts a PGlite store in its own schema', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loadlens-store-schema-'));
    try {
      await factory.copyTemplate(join(dataDir, 'pglite'));
      const a = await openStore({ dataDir, schema: 'tenant_a' });
      const run = await a.saveRun(makeRun());
      await a.close();
      const b = await openStore({ dataDir, schema: 'tenant_b' });
      expect(await b.getRun(run.id)).toBeNull();
      await b.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
