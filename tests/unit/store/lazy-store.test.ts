import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { createLazyStore } from '../../../src/store/lazy-store.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { makeRun } from '../../integration/store/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'loadlens-lazy-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createLazyStore', () => {
  it('opens once, at start() or first use, and forwards methods and nested repositories', async () => {
    let opens = 0;
    const lazy = createLazyStore(async () => {
      opens++;
      return openStore({ dataDir: join(root, 'a') });
    }, 'pglite');
    expect(opens).toBe(0);
    expect(lazy.backend).toEqual({ kind: 'pglite', timescale: false });
    lazy.start();
    lazy.start();
    const run = await lazy.saveRun(makeRun());
    expect((await lazy.getRun(run.id))?.id).toBe(run.id);
    await lazy.delivery.putCharts(run.id, [{ id: 'latency', title: 'Latency', png: Buffer.from([1, 2]) }]);
    expect((await lazy.delivery.listCharts(run.id)).map((c) => c.id)).toEqual(['latency']);
    expect(opens).toBe(1);
    await lazy.close();
  }, 120_000);

  it('never opens when unused, and close() then does nothing', async () => {
    let opens = 0;
    const lazy = createLazyStore(async () => {
      opens++;
      return {} as Store;
    }, 'postgres');
    await lazy.close();
    expect(opens).toBe(0);
    expect(lazy.backend.kind).toBe('postgres');
  });

  it('keeps an opening failure for the first caller (no unhandled rejection)', async () => {
    const boom = new LoadLensError('CONFIG_UNREACHABLE', 'cannot reach DATABASE_URL');
    const lazy = createLazyStore(() => Promise.reject(boom), 'postgres');
    lazy.start();
    await new Promise((r) => setTimeout(r, 20));
    await expect(lazy.listRuns()).rejects.toBe(boom);
    await expect(lazy.delivery.listCharts('x')).rejects.toBe(boom);
    await lazy.close();
  });
});
