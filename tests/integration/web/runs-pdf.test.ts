import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAddress, ChatFile, ChatGateway, Msg } from '../../../src/chat/chat.types.js';
import { handleButton } from '../../../src/chat/handle-button.js';
import type { ChatServices } from '../../../src/chat/services.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { JobMap } from '../../../src/pipeline/jobs/payloads.js';
import type { JobQueue } from '../../../src/pipeline/queue/queue.js';
import type { RunRecord } from '../../../src/store/store.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { openPage, startWebHarness, type WebHarness } from './web-harness.js';

let h: WebHarness;
let other: RunRecord;
let doomed: RunRecord;
beforeAll(async () => {
  // No stored PNG charts: the PDF draws them from the stored series on demand.
  h = await startWebHarness({ charts: false });
  const copy = async (name: string, service: string) =>
    h.store.saveRun({ ...h.run, id: undefined, name, service, domains: h.run.report.domains, series: [] });
  other = await copy('checkout baseline', 'checkout');
  doomed = await copy('checkout broken run', 'checkout');
});
afterAll(async () => {
  await h?.close();
});

const rowIds = (page: import('puppeteer-core').Page) =>
  page.$$eval('tr[data-run-id]', (rows) => rows.map((r) => (r as HTMLElement).dataset.runId));

describe('runs list and PDF export', () => {
  it('filters and searches the runs list, renames, and deletes only after the confirmation', async () => {
    const { page, watch } = await openPage(h, 420); // phone width
    const url = createLinkBuilder(h.base, h.signer).runs('tg:lead', 'edit')!;
    expect((await page.goto(url))?.status()).toBe(200);
    expect(await rowIds(page)).toEqual(expect.arrayContaining([h.run.id, other.id, doomed.id]));

    await page.select('select[name="service"]', 'checkout');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type="submit"]')]);
    expect((await rowIds(page)).sort()).toEqual([other.id, doomed.id].sort());
    await page.type('input[name="q"]', 'BROKEN');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type="submit"]')]);
    expect(await rowIds(page)).toEqual([doomed.id]);
    await page.goto(`${h.base}/runs?verdict=${h.run.verdict}&since=2000-01-01`);
    expect(await rowIds(page)).toEqual(expect.arrayContaining([h.run.id]));
    await page.goto(`${h.base}/runs`);

    const row = (id: string) => `tr[data-run-id="${id}"]`;
    await page.click(`${row(other.id)} button.rename`);
    const input = `${row(other.id)} .rename-form input`;
    await page.$eval(input, (e) => {
      (e as HTMLInputElement).value = '';
    });
    await page.type(input, 'checkout baseline v2');
    await page.click(`${row(other.id)} .rename-form button[type="submit"]`);
    await page.waitForFunction(
      (s) => document.querySelector(`${s} .run-link`)?.textContent === 'checkout baseline v2',
      {},
      row(other.id),
    );
    expect((await h.store.getRun(other.id))?.name).toBe('checkout baseline v2');

    await page.click(`${row(doomed.id)} button.delete`);
    expect(await page.$eval(`${row(doomed.id)} .confirm`, (e) => (e as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval(`${row(doomed.id)} .confirm-text`, (e) => e.textContent)).toContain(
      'checkout broken run',
    );
    await page.click(`${row(doomed.id)} .confirm .cancel`);
    expect(await h.store.getRun(doomed.id)).not.toBeNull();
    await page.click(`${row(doomed.id)} button.delete`);
    await page.click(`${row(doomed.id)} .confirm-delete`);
    await page.waitForSelector(`${row(doomed.id)}.deleted`);
    expect(await h.store.getRun(doomed.id)).toBeNull();
    await page.reload();
    expect(await rowIds(page)).not.toContain(doomed.id);
    expect(watch.dialogs).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    await page.browserContext().close();
  });

  it('downloads the report as a PDF from the page', async () => {
    await h.store.addSummaryVersion(h.run.id, 'tg:42', 'Pool saturated at **step 4**.');
    const { page } = await openPage(h);
    await page.goto(createLinkBuilder(h.base, h.signer).report(h.run.id, 'tg:42', 'view')!);
    const href = await page.$eval('#pdf-link', (a) => a.getAttribute('href'));
    expect(href).toBe(`/r/${h.run.id}/pdf`);
    const got = await page.evaluate(async (path) => {
      const r = await fetch(path!);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        disposition: r.headers.get('content-disposition'),
        head: String.fromCharCode(...bytes.slice(0, 5)),
        size: bytes.length,
      };
    }, href);
    expect(got).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
    expect(got.disposition).toMatch(/^attachment; filename="db_pool_scenario\.pdf"/);
    // Charts drawn on demand make the file far larger than a text-only page.
    expect(got.size).toBeGreaterThan(30_000);
    await page.browserContext().close();
  });

  it('sends the PDF to the chat as a document when the PDF button is pressed', async () => {
    const files: Array<{ to: ChatAddress; file: ChatFile; caption?: string }> = [];
    const texts: Msg[] = [];
    const gateway: ChatGateway = {
      platform: 'telegram',
      send: async (_to, msg) => {
        texts.push(msg);
        return [{ platform: 'telegram', chatId: '77', messageId: String(texts.length) }];
      },
      edit: async () => undefined,
      sendImages: async () => [],
      sendFile: async (to, file, caption) => {
        files.push({ to, file, caption });
        return { platform: 'telegram', chatId: to.chatId, messageId: 'f1' };
      },
    };
    const services: ChatServices = {
      config: h.config,
      store: h.store,
      // The PDF command never queues; a queue that refuses makes that visible.
      queue: new Proxy({} as JobQueue<JobMap>, {
        get: () => {
          throw new Error('the pdf command must not use the queue');
        },
      }),
      logger: silentLogger,
      clock: systemClock,
      gateways: { telegram: gateway },
      links: createLinkBuilder(h.base, h.signer),
      sources: {},
    };
    const address: ChatAddress = { platform: 'telegram', chatId: '77', threadId: '5' };
    await handleButton(services, {
      action: 'pdf',
      runId: h.run.id,
      address,
      user: { id: '42', languageCode: 'ru' },
    });
    expect(texts.map((m) => JSON.stringify(m))).toEqual([]);
    expect(files).toHaveLength(1);
    const sent = files[0]!;
    expect(sent.to).toEqual(address);
    expect(sent.file.mime).toBe('application/pdf');
    expect(sent.file.name).toBe('db_pool_scenario.pdf');
    expect(sent.file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sent.caption).toBe('Отчёт «db pool scenario» в PDF');
  });
});
