import { createFormatter } from '../../analysis/format.js';
import type { ChatGateway, Msg } from '../../chat/chat.types.js';
import { chatKey } from '../../chat/chat.types.js';
import { serviceButtons } from '../../chat/commands/services.command.js';
import { chatSlosFor } from '../../chat/commands/slo.command.js';
import { describeError } from '../../chat/handle-command.js';
import type { ChatServices } from '../../chat/services.js';
import { isLoadLensError, type LoadLensError } from '../../core/errors.js';
import { chatText } from '../../i18n/chat-text.js';
import { servicesText } from '../../i18n/services-text.js';
import { renderCharts } from '../../render/render-chart.js';
import { markersFromReport, panelsFromStored } from '../../render/stored-panels.js';
import type { JobContext } from '../queue/queue.js';
import { isOutage } from '../queue/retry-policy.js';
import { classifyJobError } from '../queue/run-job.js';
import { runReport } from '../report-engine.js';
import type { ReportJob } from './payloads.js';

const PHASE_KEY = {
  collecting: 'phaseCollecting',
  analysing: 'phaseAnalysing',
  rendering: 'phaseRendering',
  storing: 'phaseRendering',
} as const;

/** Edits the progress message; progress is cosmetic, so a failed edit never fails the job. */
export function progressEditor(services: ChatServices, gateway: ChatGateway | undefined, p: ReportJob) {
  let last = '';
  return async (key: (typeof PHASE_KEY)[keyof typeof PHASE_KEY] | 'phaseDelivering') => {
    if (!gateway || !p.progress || key === last) return;
    last = key;
    try {
      const text = chatText(p.locale, 'working', { what: chatText(p.locale, key) });
      await gateway.edit(p.progress, { blocks: [{ kind: 'text', text }] });
    } catch (err) {
      services.logger.debug('progress edit failed', { err });
    }
  };
}

/**
 * The `report` job: runs the report (fetch → analyse → render → store), keeps its charts
 * for delivery, and queues the `deliver` job. The run id is fixed by the command, so a
 * retried job finds a run it already stored and goes straight to delivery.
 */
export function reportJob(services: ChatServices, maxAttempts = 3) {
  return async (job: JobContext<ReportJob>) => {
    const p = job.payload;
    const gateway = services.gateways[p.address.platform];
    try {
      return await runAndQueue(services, job, gateway);
    } catch (err) {
      const error = classifyJobError(err);
      // Tell the chat only when no retry follows; until then the progress message stays
      // (during an outage it says that the report will come when the database is back).
      const final = job.willRetry ? !job.willRetry(err) : !error.retryable || job.attempt >= maxAttempts;
      if (!final && isOutage(error) && gateway && p.progress) {
        const text = chatText(p.locale, 'storeRetrying');
        await gateway
          .edit(p.progress, { blocks: [{ kind: 'text', text }] })
          .catch((e: unknown) => services.logger.debug('progress edit failed', { err: e }));
      }
      if (final && gateway && p.progress) {
        // A coded, translated sentence: the error's own text (hosts, ports, driver words) stays in the log.
        const reason = describeError(
          { locale: p.locale, tz: p.tz, t: (key, params) => chatText(p.locale, key, params) },
          error,
        );
        const msg =
          isLoadLensError(err, 'SERVICE_AMBIGUOUS') ||
          (isLoadLensError(err, 'UNKNOWN_SERVICE') && err.details.from !== undefined)
            ? pickServiceMessage(p, err)
            : { blocks: [{ kind: 'text' as const, text: chatText(p.locale, 'failed', { reason }) }] };
        await gateway
          .edit(p.progress, msg)
          .catch((e: unknown) => services.logger.warn('could not report the failure', { err: e }));
      }
      throw err;
    }
  };
}

async function runAndQueue(
  services: ChatServices,
  job: JobContext<ReportJob>,
  gateway: ChatGateway | undefined,
) {
  const p = job.payload;
  const edit = progressEditor(services, gateway, p);
  let run = await services.store.getRun(p.runId);
  // A retry may follow a delivery that already closed the progress message (the worker died
  // after queueing it): only the first try moves the message on.
  const firstTry = run === null;
  if (!run) {
    const pending: Promise<void>[] = [];
    const outcome = await runReport(
      {
        config: services.config,
        store: services.store,
        logger: services.logger.child({ job: job.id }),
        clock: services.clock,
        sources: services.sources,
      },
      {
        runId: p.runId,
        fromMs: p.fromMs,
        toMs: p.toMs,
        service: p.service,
        // The chat's own SLOs of the service (/slo), else the catalogue's.
        slos: await chatSlosFor(services.store, chatKey(p.address), p.service),
        locale: p.locale,
        tz: p.tz,
        origin: chatKey(p.address),
        onPhase: (phase) => {
          if (phase !== 'storing') pending.push(edit(PHASE_KEY[phase]));
        },
      },
    );
    await Promise.all(pending);
    await services.store.delivery.putCharts(
      p.runId,
      outcome.charts.map((c) => ({ id: c.id, title: c.title, png: c.png })),
    );
    run = outcome.run;
  } else if ((await services.store.delivery.listCharts(run.id)).length === 0) {
    // A worker died between storing the run and its charts: draw them again from the
    // stored series, so the retried delivery still has its album.
    const charts = await renderCharts({
      panels: panelsFromStored(await services.store.getSeries(run.id)),
      markers: markersFromReport(run.report),
      locale: p.locale,
      tz: p.tz,
    });
    await services.store.delivery.putCharts(
      run.id,
      charts.map((c) => ({ id: c.id, title: c.title, png: c.png })),
    );
  }
  if (firstTry) await edit('phaseDelivering');
  await services.queue.add(
    'deliver',
    { runId: run.id, address: p.address, user: p.user, locale: p.locale, tz: p.tz, progress: p.progress },
    { jobId: `deliver-${run.id}-${chatKey(p.address)}` },
  );
  return { runId: run.id };
}

/**
 * Several services under load (never a mixed report), or a name with no traffic: the
 * services that had traffic, one button each, in the chat's language.
 */
function pickServiceMessage(p: ReportJob, err: LoadLensError): Msg {
  const { details } = err;
  const window = createFormatter(p.locale, p.tz).range(p.fromMs, p.toMs);
  const text =
    err.code === 'SERVICE_AMBIGUOUS'
      ? servicesText(p.locale, 'pick', { services: String(details.services ?? '') })
      : servicesText(p.locale, 'unknown', {
          service: String(details.service),
          window,
          services: String(details.services ?? '—'),
        });
  const names = String(details.known ?? '')
    .split(', ')
    .filter((n) => n && n !== '—');
  return {
    blocks: [{ kind: 'text', text }],
    buttons: serviceButtons(
      { locale: p.locale },
      names.map((name) => ({ name })),
      p,
    ),
  };
}
