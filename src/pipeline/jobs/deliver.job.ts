import type { ChatGateway, MessageRef } from '../../chat/chat.types.js';
import { chatKey } from '../../chat/chat.types.js';
import { reportSummaryMessage, verdictText } from '../../chat/report-message.js';
import type { ChatServices } from '../../chat/services.js';
import { compareWithBaseline } from '../../compare/load-and-compare.js';
import { LoadLensError } from '../../core/errors.js';
import { chatText } from '../../i18n/chat-text.js';
import type { JobContext } from '../queue/queue.js';
import type { DeliverJob } from './payloads.js';

/** Key charts first: the album shows at most 10, and the first carries the caption. */
const ALBUM_ORDER = [
  'load_throughput',
  'latency',
  'errors',
  'db_pool',
  'infra_cpu',
  'jvm_heap',
  'jvm_gc',
  'kafka_lag',
  'infra_memory',
];
const ALBUM_MAX = 10;

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
    const charts = await services.store.delivery.listCharts(run.id);
    const ordered = [...charts].sort((a, b) => rankChart(a.id) - rankChart(b.id)).slice(0, ALBUM_MAX);
    if (ordered.length > 0) {
      await once(services, run.id, key, 'album', () =>
        gateway.sendImages(
          p.address,
          ordered.map((c) => ({ png: c.png, title: c.title })),
          chatText(p.locale, 'albumCaption', {
            name: report.name,
            verdict,
            peak: report.peak ? `${Math.round(report.peak.rps)} rps` : '–',
          }),
        ),
      );
    }
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

function rankChart(id: string): number {
  const i = ALBUM_ORDER.indexOf(id);
  return i < 0 ? ALBUM_ORDER.length : i;
}
