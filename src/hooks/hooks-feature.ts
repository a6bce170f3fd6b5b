import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Feature } from '../app/features.js';
import type { ChatServices } from '../chat/services.js';
import type { AppConfig } from '../config/load-config.js';
import { clip } from '../core/clip.js';
import { LoadLensError } from '../core/errors.js';
import type { AlertReportJob } from '../pipeline/jobs/payloads.js';
import { type Route, readBody } from '../web/http-server.js';
import {
  type AuthFailure,
  checkCredentials,
  checkGrafanaSignature,
  type GrafanaSignatureConfig,
  hasCredentials,
  unauthorized,
  type WebhookCredentials,
} from './auth.js';
import { ALERT_JOB_ATTEMPTS, ALERT_JOB_BACKOFF_MS, createGrouper, type Grouper } from './grouping.js';
import {
  type IncomingAlert,
  LEGACY_IGNORED_STATES,
  normaliseAlertmanager,
  normaliseGrafanaLegacy,
  normaliseGrafanaUnified,
  parseAlertmanager,
  parseGrafana,
  parseJson,
} from './normalise.js';
import { createPendingGuard, type PendingGuard, RETRY_AFTER_SEC } from './overload.js';
import { routeAlert } from './route.js';

/** Settings of the alert webhook endpoints. */
export interface HooksOptions {
  credentials: WebhookCredentials;
  /** Grafana HMAC; when set, `/hooks/grafana` requires a valid signature. */
  grafana?: GrafanaSignatureConfig;
  maxBodyBytes: number;
  maxPending: number;
  /** Grouping window (alerts.groupWindowSeconds). */
  windowMs: number;
}

/** What the endpoints answer for an accepted notification. */
export interface HookAnswer {
  status: 'queued' | 'duplicate' | 'ignored';
  eventId?: string;
  reason?: string;
}

/** Reads the endpoint settings from the configuration. */
export function hooksOptionsFromConfig(config: AppConfig): HooksOptions {
  const env = config.env;
  return {
    credentials: {
      token: env.WEBHOOK_TOKEN,
      basicUser: env.WEBHOOK_BASIC_USER,
      basicPassword: env.WEBHOOK_BASIC_PASSWORD,
    },
    grafana: env.GRAFANA_WEBHOOK_SECRET
      ? { secret: env.GRAFANA_WEBHOOK_SECRET, timestampHeader: env.GRAFANA_WEBHOOK_TIMESTAMP_HEADER }
      : undefined,
    maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    maxPending: env.WEBHOOK_MAX_PENDING,
    windowMs: config.file.alerts.groupWindowSeconds * 1000,
  };
}

function answer(res: ServerResponse, code: number, body: HookAnswer): void {
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Routes, groups and queues one notification. Never waits for the report: the answer goes
 * back as soon as the job is in the queue. A queue failure is OVERLOADED (503), so the
 * sender retries instead of dropping the alert.
 */
export async function acceptNotification(
  services: ChatServices,
  grouper: Grouper,
  alert: IncomingAlert,
): Promise<HookAnswer> {
  // Built on demand: the hot path of a storm logs nothing.
  const log = () => services.logger.child({ hook: alert.source, group: alert.groupKey });
  const route = routeAlert(services.config, alert, (spec) =>
    log().warn('malformed alert chat ignored', { spec }),
  );
  if (route.skip) {
    log().info('alert notification not reported', { reason: route.skip, service: route.serviceValue });
    return { status: 'ignored', reason: route.skip };
  }
  const now = services.clock.now();
  const { eventId } = grouper.key(alert, now);
  if (grouper.seen(eventId, now)) return { status: 'duplicate', eventId };
  const payload: AlertReportJob = {
    eventId,
    source: alert.source,
    groupKey: alert.groupKey,
    status: alert.status,
    title: alert.title,
    service: route.service,
    chats: route.chats,
    lookbackMinutes: route.lookbackMinutes,
    receivedAtMs: now,
    commonLabels: alert.commonLabels,
    alerts: alert.alerts,
    truncated: alert.truncated,
  };
  if (route.selector !== undefined) payload.selector = route.selector;
  let added: { deduplicated: boolean };
  try {
    added = await services.queue.add('alert-report', payload, {
      jobId: eventId,
      attempts: ALERT_JOB_ATTEMPTS,
      backoffMs: ALERT_JOB_BACKOFF_MS,
    });
  } catch (err) {
    if (err instanceof LoadLensError && err.code === 'BAD_INPUT') throw err;
    log().error('could not queue an alert report', { err });
    throw new LoadLensError('OVERLOADED', 'the job queue is unavailable; retry later', { cause: err });
  }
  grouper.remember(eventId, now);
  if (!added.deduplicated) log().info('alert report queued', { eventId, status: alert.status });
  return { status: added.deduplicated ? 'duplicate' : 'queued', eventId };
}

/** The two endpoints plus their shared guard and grouper (exposed for tests). */
export interface AlertHooks {
  routes: Route[];
  guard: PendingGuard;
  grouper: Grouper;
}

/** Builds `POST /hooks/grafana` and `POST /hooks/alertmanager`. */
export function createAlertHooks(services: ChatServices, opts: HooksOptions): AlertHooks {
  const guard = createPendingGuard(opts.maxPending);
  const grouper = createGrouper({ windowMs: opts.windowMs });
  const refuse = (req: IncomingMessage, res: ServerResponse, reason: AuthFailure): never => {
    services.logger.warn('alert webhook refused', {
      // Cut short: the target is the sender's, up to 8 KiB (issue 16).
      path: clip(req.url ?? '', 200),
      reason,
      remote: req.socket.remoteAddress,
    });
    // Drain whatever body is still coming: it is never parsed.
    req.resume();
    res.setHeader('www-authenticate', 'Bearer realm="loadlens", Basic realm="loadlens"');
    throw unauthorized(reason);
  };

  /** Wraps a handler with the in-flight bound; the 503 carries Retry-After. */
  const guarded =
    (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Route['handler'] =>
    async ({ req, res }) => {
      try {
        guard.enter();
      } catch (err) {
        req.resume();
        res.setHeader('retry-after', String(RETRY_AFTER_SEC));
        throw err;
      }
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof LoadLensError && err.code === 'OVERLOADED') {
          res.setHeader('retry-after', String(RETRY_AFTER_SEC));
        }
        throw err;
      } finally {
        guard.leave();
      }
    };

  const alertmanager = guarded(async (req, res) => {
    // Credentials first: a refused sender's body is never read.
    const failure = checkCredentials(req.headers, opts.credentials);
    if (failure) refuse(req, res, failure);
    const body = await readBody(req, opts.maxBodyBytes);
    const parsed = parseAlertmanager(parseJson(body));
    const result = await acceptNotification(
      services,
      grouper,
      normaliseAlertmanager(parsed, services.clock.now()),
    );
    answer(res, result.status === 'ignored' ? 200 : 202, result);
  });

  const grafana = guarded(async (req, res) => {
    const hmac = opts.grafana;
    if (!hmac) {
      const failure = checkCredentials(req.headers, opts.credentials);
      if (failure) refuse(req, res, failure);
    } else if (!req.headers['x-grafana-alerting-signature'] && !req.headers['x-grafana-alert-signature']) {
      refuse(req, res, 'unsigned');
    }
    const body = await readBody(req, opts.maxBodyBytes);
    if (hmac) {
      const failure = checkGrafanaSignature(req.headers, body, hmac, services.clock.now());
      if (failure) refuse(req, res, failure);
    }
    const now = services.clock.now();
    const payload = parseGrafana(parseJson(body));
    if (payload.kind === 'legacy' && LEGACY_IGNORED_STATES.has(payload.body.state)) {
      answer(res, 200, { status: 'ignored', reason: `state ${payload.body.state}` });
      return;
    }
    const alert =
      payload.kind === 'unified'
        ? normaliseGrafanaUnified(payload.body, now)
        : normaliseGrafanaLegacy(payload.body, now);
    const result = await acceptNotification(services, grouper, alert);
    answer(res, result.status === 'ignored' ? 200 : 202, result);
  });

  return {
    routes: [
      { method: 'POST', path: '/hooks/alertmanager', handler: alertmanager },
      { method: 'POST', path: '/hooks/grafana', handler: grafana },
    ],
    guard,
    grouper,
  };
}

/** The alert webhooks on the shared HTTP server; refuses every request until credentials are set. */
export const alertHooksFeature: Feature = async ({ services, http }) => {
  const opts = hooksOptionsFromConfig(services.config);
  if (!hasCredentials(opts.credentials) && !opts.grafana) {
    services.logger.warn(
      'alert webhooks refuse all requests: set WEBHOOK_TOKEN, WEBHOOK_BASIC_USER/PASSWORD or GRAFANA_WEBHOOK_SECRET',
    );
  }
  http.add(...createAlertHooks(services, opts).routes);
  return { name: 'alert-hooks', stop: async () => undefined };
};
