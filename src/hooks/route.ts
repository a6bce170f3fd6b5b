import type { ChatAddress } from '../chat/chat.types.js';
import type { FileConfig } from '../config/file.schema.js';
import type { AppConfig } from '../config/load-config.js';
import type { IncomingAlert } from './normalise.js';

export type Severity = 'info' | 'warning' | 'critical';
const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Where a notification goes and how far back its report looks. */
export interface AlertRoute {
  /** Service name for the report engine (null when only the selector names it). */
  service: string | null;
  /** The label value that named the service, e.g. `orders`. */
  serviceValue: string | null;
  /** Which label named it (`service`, `application`, `job`, …). */
  serviceLabel: string | null;
  /** Selector built from that label, when the service is not in the catalogue. */
  selector?: string;
  chats: ChatAddress[];
  lookbackMinutes: number;
  severity: Severity;
  /** Set when the notification must not produce a report. */
  skip?: 'muted' | 'below_min_severity' | 'no_chats';
}

type RouteConfig = FileConfig['alerts']['routes'][number];

/** Lookback when no route says otherwise (the schema's default too). */
export const DEFAULT_LOOKBACK_MINUTES = 30;

/** Maps the many severity spellings in the wild onto three levels; unknown is `info`. */
export function severityOf(value: string | undefined): Severity {
  const v = (value ?? '').toLowerCase();
  if (/^(critical|crit|fatal|emergency|emerg|alert|page|error|high|p1|sev1)$/.test(v)) return 'critical';
  if (/^(warning|warn|medium|major|p2|p3|sev2|sev3)$/.test(v)) return 'warning';
  return 'info';
}

/** Parses `telegram:<chat>[:<thread>]` or `slack:<channel>[:<thread_ts>]`; null when malformed. */
export function parseChat(spec: string): ChatAddress | null {
  const m = /^(telegram|slack):([^:\s]+)(?::(\S+))?$/.exec(spec.trim());
  if (!m) return null;
  const a: ChatAddress = { platform: m[1] as ChatAddress['platform'], chatId: m[2] as string };
  if (m[3]) a.threadId = m[3];
  return a;
}

/** Distinct, well-formed chats of a list (malformed entries are reported through `bad`). */
export function parseChats(specs: readonly string[], bad?: (spec: string) => void): ChatAddress[] {
  const out = new Map<string, ChatAddress>();
  for (const s of specs) {
    const a = parseChat(s);
    if (!a) bad?.(s);
    else out.set(`${a.platform}:${a.chatId}:${a.threadId ?? ''}`, a);
  }
  return [...out.values()];
}

/**
 * The service label of a notification: the first of `serviceLabels` present, read from the
 * common labels, else from the first alert carrying it (firing ones come first).
 */
export function findServiceLabel(
  alert: Pick<IncomingAlert, 'commonLabels' | 'alerts'>,
  serviceLabels: readonly string[],
): { label: string; value: string } | null {
  for (const label of serviceLabels) {
    const common = alert.commonLabels[label];
    if (common) return { label, value: common };
    const hit = alert.alerts.find((a) => a.labels[label]);
    if (hit) return { label, value: hit.labels[label] as string };
  }
  return null;
}

/** Highest severity among the alerts that matter (firing ones; all of them when resolved). */
export function notificationSeverity(alert: Pick<IncomingAlert, 'status' | 'alerts'>): Severity {
  const relevant =
    alert.status === 'firing' ? alert.alerts.filter((a) => a.status === 'firing') : alert.alerts;
  let best: Severity = 'info';
  for (const a of relevant) {
    const s = severityOf(a.labels.severity);
    if (RANK[s] > RANK[best]) best = s;
  }
  return best;
}

const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Routes a notification: labels → service → route (exact service, else `*`) → chats.
 * Chats come from the route, else the service's catalogue entry, else ALERT_CHATS.
 */
export function routeAlert(
  config: AppConfig,
  alert: Pick<IncomingAlert, 'status' | 'alerts' | 'commonLabels'>,
  onBadChat?: (spec: string) => void,
): AlertRoute {
  const { alerts: alertsCfg, services } = config.file;
  const found = findServiceLabel(alert, alertsCfg.serviceLabels);
  const name = found?.value ?? null;
  const route: RouteConfig | undefined =
    (name !== null ? alertsCfg.routes.find((r) => r.service === name) : undefined) ??
    alertsCfg.routes.find((r) => r.service === '*');
  const catalogued = name !== null && services[name] !== undefined;
  const catalogueEmpty = Object.keys(services).length === 0;
  const specs =
    route && route.chats.length > 0
      ? route.chats
      : catalogued && (services[name as string]?.chats.length ?? 0) > 0
        ? (services[name as string]?.chats ?? [])
        : config.env.ALERT_CHATS;
  const severity = notificationSeverity(alert);
  const out: AlertRoute = {
    service: catalogued || catalogueEmpty ? name : null,
    serviceValue: name,
    serviceLabel: found?.label ?? null,
    chats: parseChats(specs, onBadChat),
    lookbackMinutes: route?.lookbackMinutes ?? DEFAULT_LOOKBACK_MINUTES,
    severity,
  };
  // A catalogued service brings its own selector; otherwise the label itself selects.
  if (found && !catalogued) out.selector = `${found.label}="${escapeLabelValue(found.value)}"`;
  if (route?.mute) out.skip = 'muted';
  else if (route && RANK[severity] < RANK[route.minSeverity]) out.skip = 'below_min_severity';
  else if (out.chats.length === 0) out.skip = 'no_chats';
  return out;
}
