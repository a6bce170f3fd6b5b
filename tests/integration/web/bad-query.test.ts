import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { analysedRun } from '../../unit/web/web-fixtures.js';
import { startWebServer, type WebServer, webClient } from '../../unit/web/web-server.js';

/*
 * Issue 16, bad input: on real PostgreSQL a NUL byte or an impossible date in a runs filter
 * answered 500 (the database refused the value). Every filter is now validated first: 400
 * with the reason in the page's language, and the database never sees the value.
 */
let store: Store;
let server: WebServer;

beforeAll(async () => {
  const schema = `badq_${randomBytes(5).toString('hex')}`;
  store = await openStore({ databaseUrl: inject('pgUrl'), schema, logger: silentLogger });
  await store.saveRun(analysedRun());
  server = await startWebServer(store);
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('runs filters on real PostgreSQL', () => {
  it.each([
    ['q=%00', /“Search” filter takes at most 200 characters/],
    ['service=%00', /“Service” filter/],
    ['since=9999-99-99', /“From” date must be a real day/],
    ['until=2026-13-01', /“To” date must be a real day/],
    ['since=2026-03-05&until=2026-03-01', /must not be after/],
    ['verdict=%00', /verdict filter must be one of/],
    ['page=abc', /page number must be a whole number/],
  ])('%s answers 400 with the reason (en)', async (query, reason) => {
    const c = webClient(server.base);
    await c.page(`/runs?t=${server.signer.sign({ target: 'runs', scope: 'view', user: 'u' })}`);
    const { res, html } = await c.page(`/runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toMatch(/This request cannot be answered/);
    expect(html).toMatch(reason);
  });

  it('answers in Russian on a Russian page, and the picked-runs form the same way', async () => {
    const c = webClient(server.base);
    await c.page(`/runs?t=${server.signer.sign({ target: 'runs', scope: 'view', user: 'u' })}&lang=ru`);
    let page = await c.page('/runs?q=%00');
    expect(page.res.status).toBe(400);
    expect(page.html).toMatch(/Фильтр «Поиск» — не длиннее 200 символов/);
    page = await c.page('/runs/compare?run=%00&run=x');
    expect(page.res.status).toBe(400);
    expect(page.html).toMatch(/идентификатор не длиннее 100 символов/);
  });

  it('good filters still work, including a non-ASCII search', async () => {
    const c = webClient(server.base);
    await c.page(`/runs?t=${server.signer.sign({ target: 'runs', scope: 'view', user: 'u' })}`);
    for (const query of [
      'q=%D0%BF%D0%B8%D0%BA',
      'since=2026-03-01&until=2026-03-31',
      'service=&verdict=&q=',
    ]) {
      expect((await c.page(`/runs?${query}`)).res.status).toBe(200);
    }
  });
});
