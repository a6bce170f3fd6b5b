import { createFormatter } from '../../analysis/format.js';
import type { ChatGateway, MessageRef } from '../../chat/chat.types.js';
import { chatKey } from '../../chat/chat.types.js';
import { reportSummaryMessage, verdictText } from '../../chat/report-message.js';
import type { ChatServices } from '../../chat/services.js';
import { compareWithBaseline } from '../../compare/load-and-compare.js';
import { LoadLensError } from '../../core/errors.js';
import { chatText } from '../../i18n/chat-text.js';
import { albumChartIds, renderAlbumCharts } from '../../render/album.js';
import { markersFromReport, panelsFromStored } from '../../render/stored-panels.js';
import type { Store } from '../../store/store.js';
import type { JobContext } from '../queue/queue.js';
import type { DeliverJob } from './payloads.js';

/**
 * The album: the 3–4 charts that carry the verdict, drawn square with phone-sized text from
 * the run's stored series; a run without stored series sends the same choice of its
 * stored charts. The web page and the PDF keep every chart.
 */
export async function albumCharts(
  store: Store,
  run: { id: string; report: Parameters<typeof markersFromReport>[0] & Parameters<typeof albumChartIds>[1] },
  o: { locale: 'ru' | 'en'; tz: string },
): Promise<Array<{ png: Buffer; title: string }>> {
  const series = await store.getSeries(run.id);
  if (series.length > 0) {
    return renderAlbumCharts({
      panels: panelsFromStored(series),
      markers: markersFromReport(run.report),
      report: run.report,
      locale: o.locale,
      tz: o.tz,
    });
  }
  const stored = await store.delivery.listCharts(run.id);
  return albumChartIds(
    stored.map((c) => c.id),
    run.report,
  ).map((id) => stored.find((c) => c.id === id)!);
}

/**
 * Runs one delivery step at most once per run and chat: a step already recorded is
 * skipped, so a retried or duplicated job never posts twice. (A crash between posting and
 * recording can still repeat that one step: chat APIs offer no idempotency keys.)
 */
async function once(
  services: ChatServices,
  runId: string,
  key: string,
  step: string,
  fn: () => Promise<MessageRef[]>,
): Promise<MessageRef[]> {
  const done = await services.store.delivery.getStep<MessageRef>(runId, key, step);
  if (done) return done;
  const refs = await fn();
  await services.store.delivery.putStep(runId, key, step, refs);
  return refs;
}

/** The `deliver` job: album of key charts, summary with buttons, and the progress message closed. */
export function deliverJob(services: ChatServices) {
  return async (job: JobContext<DeliverJob>) => {
    const p = job.payload;
    const gateway: ChatGateway | undefined = services.gateways[p.address.platform];
    if (!gateway) {
      throw new LoadLensError('BAD_INPUT', `no ${p.address.platform} gateway configured`, {
        retryable: false,
      });
    }
    const run = await services.store.getRun(p.runId);
    if (!run) throw new LoadLensError('NOT_FOUND', `run ${p.runId} not found`, { retryable: false });
    const key = chatKey(p.address);
    const report = run.report;
    const verdict = verdictText({ locale: p.locale }, report.verdict);
    await once(services, run.id, key, 'album', async () => {
      const album = await albumCharts(services.store, run, p);
      if (album.length === 0) return [];
      return gateway.sendImages(
        p.address,
        album.map((c) => ({ png: c.png, title: c.title })),
        chatText(p.locale, 'albumCaption', {
          name: report.name,
          verdict,
          peak: report.peak ? createFormatter(p.locale, p.tz).rps(report.peak.rps) : '–',
        }),
      );
    });
    const link = services.links.report(run.id, p.user.id);
    const baseline = await compareWithBaseline(services.store, run, { locale: p.locale }).catch(
      (err: unknown) => {
        // The baseline line is a bonus: a failed comparison must not hold the report back.
        services.logger.warn('baseline comparison failed', { runId: run.id, err });
        return null;
      },
    );
    const summary = await once(services, run.id, key, 'summary', () =>
      gateway.send(
        p.address,
        reportSummaryMessage(report, {
          locale: p.locale,
          tz: p.tz,
          link,
          header: p.header,
          baselineLine: baseline?.summary[p.locale],
        }),
      ),
    );
    if (services.llm) {
      // The narrative follows the deterministic report; the model can never delay it.
      await services.queue.add(
        'narrate',
        { runId: run.id, address: p.address, locale: p.locale, tz: p.tz },
        { jobId: `narrate-${run.id}-${key}` },
      );
    }
    if (p.progress) {
      await once(services, run.id, key, 'progress', async () => {
        await gateway.edit(p.progress as MessageRef, {
          blocks: [{ kind: 'text', text: chatText(p.locale, 'done', { verdict }) }],
        });
        return [p.progress as MessageRef];
      });
    }
    return { runId: run.id, summary };
  };
}
