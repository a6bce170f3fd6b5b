import { createHash } from 'node:crypto';
import type { Locale } from '../../analysis/report.types.js';
import type { ChatAddress, ChatGateway, MessageRef } from '../../chat/chat.types.js';
import type { ChatServices } from '../../chat/services.js';
import { LoadLensError } from '../../core/errors.js';
import {
  chatPrefs,
  editOnceIn,
  firstSummary,
  postReport,
  replyAddress,
  STEP,
} from '../../hooks/alert-delivery.js';
import { type AlertReportKind, alertReportMessage } from '../../hooks/alert-message.js';
import { ALERT_JOB_ATTEMPTS } from '../../hooks/grouping.js';
import type { AlertIncident } from '../../store/alerts.store.js';
import type { RunRecord } from '../../store/store.js';
import type { JobContext } from '../queue/queue.js';
import { runReport } from '../report-engine.js';
import type { AlertReportJob } from './payloads.js';

const MINUTE = 60_000;
/** A first post not made within this long is taken over by the group's next notification. */
export const STALE_CLAIM_MS = 10 * MINUTE;

type Target = { to: ChatAddress; gateway: ChatGateway; locale: Locale; tz: string };

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/**
 * A run id in the ULID shape of `newId`, but derived from the job: every try of a job
 * computes the same id, so a retry finds the run it already stored.
 */
export function stableRunId(ms: number, seed: string): string {
  let time = '';
  let t = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = createHash('sha256').update(seed).digest();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[(bytes[i] as number) & 31];
  return time + rand;
}

/**
 * The report window: from the incident's start minus the lookback to `endMs` (now while
 * firing), never in the future and never longer than MAX_REPORT_INTERVAL_HOURS (the
 * start moves up: the latest data matters most).
 */
export function alertWindow(
  startsAtMs: number,
  lookbackMinutes: number,
  endMs: number,
  nowMs: number,
  maxMs: number,
) {
  const toMs = Math.min(endMs, nowMs);
  let fromMs = Math.min(startsAtMs - lookbackMinutes * MINUTE, toMs - MINUTE);
  fromMs = Math.max(fromMs, toMs - maxMs);
  return { fromMs, toMs };
}

const firingStart = (p: AlertReportJob) => {
  const firing = p.alerts.filter((a) => a.status === 'firing');
  return Math.min(...(firing.length > 0 ? firing : p.alerts).map((a) => a.startsAtMs));
};

/** The `alert-report` job: posts, edits or answers an alert group's report. */
export function alertReportJob(services: ChatServices) {
  return async (job: JobContext<AlertReportJob>) => {
    const p = job.payload;
    const targets: Target[] = [];
    for (const to of p.chats) {
      const gateway = services.gateways[to.platform];
      if (!gateway) {
        services.logger.warn('alert chat skipped: platform not configured', {
          chat: `${to.platform}:${to.chatId}`,
        });
        continue;
      }
      targets.push({ to, gateway, ...(await chatPrefs(services, to)) });
    }
    if (targets.length === 0) {
      throw new LoadLensError('BAD_INPUT', `no gateway for the alert's chats`, { retryable: false });
    }
    return p.status === 'firing' ? onFiring(services, job, targets) : onResolved(services, job, targets);
  };
}

/** Runs the report unless a previous try stored it; keeps its charts for the album. */
async function ensureRun(
  services: ChatServices,
  p: AlertReportJob,
  r: { runId: string; fromMs: number; toMs: number; locale: Locale; tz: string; kind: AlertReportKind },
): Promise<RunRecord> {
  const existing = await services.store.getRun(r.runId);
  if (existing) return existing;
  const outcome = await runReport(
    {
      config: services.config,
      store: services.store,
      logger: services.logger.child({ alert: p.eventId }),
      clock: services.clock,
      sources: services.sources,
    },
    {
      runId: r.runId,
      fromMs: r.fromMs,
      toMs: r.toMs,
      service: p.service,
      selector: p.selector,
      // With no service label, the alert's job/instance/namespace/pod pick the service.
      alertLabels: { ...p.commonLabels, ...p.alerts[0]?.labels },
      locale: r.locale,
      tz: r.tz,
      origin: 'alert',
      name: `${r.kind === 'final' ? 'incident' : 'alert'}: ${p.title}`.slice(0, 200),
    },
  );
  await services.store.delivery.putCharts(
    r.runId,
    outcome.charts.map((c) => ({ id: c.id, title: c.title, png: c.png })),
  );
  return outcome.run;
}

/** Posts (or, with `edit`, edits) one run's message in every chat. */
async function deliver(
  services: ChatServices,
  p: AlertReportJob,
  run: RunRecord,
  targets: Target[],
  kind: AlertReportKind,
  parentOf: (t: Target) => Promise<{ edit?: MessageRef; reply?: MessageRef }>,
): Promise<void> {
  const fromMs = run.from.getTime();
  const toMs = run.to.getTime();
  for (const t of targets) {
    const msg = alertReportMessage(p, run.report, {
      kind,
      locale: t.locale,
      tz: t.tz,
      nowMs: services.clock.now(),
      fromMs,
      toMs,
      link: services.links.report(run.id, 'alert'),
    });
    const parent = await parentOf(t);
    if (parent.edit) {
      const ref = parent.edit;
      await editOnceIn(services, run.id, t.to, STEP.edit, ref, () => t.gateway.edit(ref, msg));
      continue;
    }
    await postReport(services, t.gateway, {
      runId: run.id,
      to: parent.reply ? replyAddress(t.to, parent.reply) : t.to,
      stepsTo: t.to,
      msg,
      caption: `${p.title}: ${run.report.name}`,
    });
  }
}

async function recordEvent(services: ChatServices, p: AlertReportJob, runId: string, incidentId: string) {
  await services.store.addAlertEvent({
    source: p.source,
    groupKey: p.groupKey,
    status: p.status,
    service: p.service,
    labels: { alertname: p.title, ...p.commonLabels },
    payload: { eventId: p.eventId, incidentId, alerts: p.alerts.slice(0, 10), truncated: p.truncated },
    runId,
  });
}

const waitForFirst = (group: string) =>
  // Retryable: the first notification of the group is still posting; try again shortly.
  new LoadLensError('NOT_FOUND', `the first report of alert group ${group} is not posted yet`, {
    retryable: true,
  });

async function onFiring(services: ChatServices, job: JobContext<AlertReportJob>, targets: Target[]) {
  const p = job.payload;
  const now = services.clock.now();
  const maxMs = services.config.env.MAX_REPORT_INTERVAL_HOURS * 3_600_000;
  const incidents = services.store.alertIncidents;
  const { incident, claimed } = await incidents.open({
    groupKey: p.groupKey,
    startsAt: new Date(firingStart(p)),
    by: p.eventId,
    now: new Date(now),
    staleBefore: new Date(now - STALE_CLAIM_MS),
  });
  const lead = targets[0] as Target;
  const win = alertWindow(incident.startsAt.getTime(), p.lookbackMinutes, now, now, maxMs);

  if (claimed) {
    if (incident.firstRunId) return { action: 'posted', runId: incident.firstRunId, incidentId: incident.id };
    const runId = stableRunId(p.receivedAtMs, `${p.eventId}|first`);
    try {
      const run = await ensureRun(services, p, {
        runId,
        ...win,
        locale: lead.locale,
        tz: lead.tz,
        kind: 'first',
      });
      await deliver(services, p, run, targets, 'first', async () => ({}));
      await recordEvent(services, p, run.id, incident.id);
      await incidents.setRun(incident.id, 'first', run.id, new Date(services.clock.now()));
      return { action: 'posted', runId: run.id, incidentId: incident.id };
    } catch (err) {
      const final = job.willRetry
        ? !job.willRetry(err)
        : !(err instanceof LoadLensError && err.retryable) || job.attempt >= ALERT_JOB_ATTEMPTS;
      // Free the group: its next notification starts the incident afresh.
      if (final) await incidents.abandon(incident.id, p.eventId).catch(() => undefined);
      throw err;
    }
  }

  if (!incident.firstRunId) throw waitForFirst(p.groupKey);
  const firstRunId = incident.firstRunId;
  const runId = stableRunId(p.receivedAtMs, `${p.eventId}|update`);
  const run = await ensureRun(services, p, {
    runId,
    ...win,
    locale: lead.locale,
    tz: lead.tz,
    kind: 'update',
  });
  await deliver(services, p, run, targets, 'update', async (t) => {
    const ref = await firstSummary(services, firstRunId, t.to);
    return ref ? { edit: ref } : {};
  });
  await recordEvent(services, p, run.id, incident.id);
  await incidents.setRun(incident.id, 'last', run.id, new Date(services.clock.now()));
  return { action: 'edited', runId: run.id, incidentId: incident.id };
}

/** The incident a resolved notification closes, or null when it was closed already. */
async function incidentToClose(
  services: ChatServices,
  p: AlertReportJob,
  now: number,
): Promise<AlertIncident | null> {
  const incidents = services.store.alertIncidents;
  const latest = await incidents.latest(p.groupKey);
  const startsAt = Math.min(...p.alerts.map((a) => a.startsAtMs));
  if (latest?.state === 'resolved') {
    if (latest.resolvedBy === p.eventId) return latest; // A retry of this job.
    // Another notification closed the incident these alerts belong to: a duplicate.
    if (latest.resolvedAt && latest.resolvedAt.getTime() >= startsAt) return null;
  }
  if (latest?.state === 'open') {
    const stale = now - latest.updatedAt.getTime() > STALE_CLAIM_MS;
    if (!latest.firstRunId && !stale) throw waitForFirst(p.groupKey);
    return latest;
  }
  // Never seen firing (LoadLens started later, or the firing was lost): a standalone report.
  return incidents.openResolved({
    groupKey: p.groupKey,
    startsAt: new Date(startsAt),
    by: p.eventId,
    at: new Date(now),
  });
}

async function onResolved(services: ChatServices, job: JobContext<AlertReportJob>, targets: Target[]) {
  const p = job.payload;
  const now = services.clock.now();
  const incident = await incidentToClose(services, p, now);
  if (!incident) return { action: 'duplicate' };
  const ends = p.alerts.map((a) => a.endsAtMs).filter((x): x is number => x !== null);
  const endMs = ends.length > 0 ? Math.max(...ends) : now;
  const startMs = Math.min(incident.startsAt.getTime(), ...p.alerts.map((a) => a.startsAtMs));
  const maxMs = services.config.env.MAX_REPORT_INTERVAL_HOURS * 3_600_000;
  const win = alertWindow(startMs, p.lookbackMinutes, endMs, now, maxMs);
  const lead = targets[0] as Target;
  const runId = stableRunId(p.receivedAtMs, `${p.eventId}|final`);
  const run = await ensureRun(services, p, {
    runId,
    ...win,
    locale: lead.locale,
    tz: lead.tz,
    kind: 'final',
  });
  await deliver(services, p, run, targets, 'final', async (t) => {
    const ref = await firstSummary(services, incident.firstRunId, t.to);
    return ref ? { reply: ref } : {};
  });
  if (incident.state === 'open') {
    await services.store.alertIncidents.resolve(incident.id, {
      by: p.eventId,
      finalRunId: run.id,
      at: new Date(services.clock.now()),
    });
  }
  await recordEvent(services, p, run.id, incident.id);
  return { action: 'resolved', runId: run.id, incidentId: incident.id };
}
