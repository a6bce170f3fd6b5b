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
import { editOnce, postOnce } from './delivery-step.js';
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
 * The `deliver` job: album of key charts, summary with buttons, and the progress message
 * closed, each step exactly once through worker kills (see delivery-step.ts).
 */
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
    const step = { runId: run.id, chatKey: key, scope: 'deliver', canResume: gateway.canResume === true };
    await postOnce(services, {
      ...step,
      step: 'album',
      // Every chart is also behind the summary's link: an album that may have arrived is not resent.
      ifUnknown: 'skip',
      post: async (delivery) => {
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
          delivery,
        );
      },
    });
    const link = services.links.report(run.id, p.user.id);
    const baseline = await compareWithBaseline(services.store, run, { locale: p.locale }).catch(
      (err: unknown) => {
        // The baseline line is a bonus: a failed comparison must not hold the report back.
        services.logger.warn('baseline comparison failed', { runId: run.id, err });
        return null;
      },
    );
    const summaryMsg = reportSummaryMessage(report, {
      locale: p.locale,
      tz: p.tz,
      link,
      header: p.header,
      baselineLine: baseline?.summary[p.locale],
    });
    const progress = p.progress as MessageRef | undefined;
    // A platform that reads back its posts (Slack) posts the summary and closes the progress
    // message. One that cannot (Telegram) gets the summary as the final edit of the progress
    // message the command posted before queueing: its id was recorded before any risky step
    // and an edit repeated by a retry is harmless, so the summary arrives exactly once. The
    // edit is kept to one message (`overflow: 'cut'`): an overflow would be a new post.
    const asEdit = progress !== undefined && !step.canResume;
    const summary = asEdit
      ? await editOnce(services, {
          ...step,
          step: 'summary',
          ref: progress,
          edit: () => gateway.edit(progress, summaryMsg, { overflow: 'cut' }),
        })
      : await postOnce(services, {
          ...step,
          step: 'summary',
          // Without a progress message to edit, a summary that may be lost is posted again.
          ifUnknown: 'resend',
          post: (delivery) => gateway.send(p.address, summaryMsg, delivery),
        });
    if (services.llm) {
      // The narrative follows the deterministic report; the model can never delay it.
      await services.queue.add(
        'narrate',
        { runId: run.id, address: p.address, locale: p.locale, tz: p.tz },
        { jobId: `narrate-${run.id}-${key}` },
      );
    }
    if (progress && !asEdit) {
      await editOnce(services, {
        ...step,
        step: 'progress',
        ref: progress,
        edit: () =>
          gateway.edit(progress, {
            blocks: [{ kind: 'text', text: chatText(p.locale, 'done', { verdict }) }],
          }),
      });
    }
    return { runId: run.id, summary };
  };
}
