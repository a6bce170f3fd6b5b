import { panelSpec } from '../analysis/panels.js';
import type { DomainId, ServiceConfig, UserQuery } from '../config/file.schema.js';
import { DOMAIN_IDS } from '../config/file.schema.js';
import type { SeriesRole, SeriesUnit } from '../sources/series.js';
import { formatDuration } from '../sources/step.js';
import { normaliseSelector } from './selector.js';
import type { PanelQuery, PanelTransform } from './types.js';

const LATENCY_ROLES: ReadonlySet<SeriesRole> = new Set([
  'latency_p50',
  'latency_p90',
  'latency_p95',
  'latency_p99',
  'latency_avg',
]);

/**
 * Role, unit and scaling of a user query. For a catalogue id, settings the user left at
 * their defaults (role `gauge`, unit `count`) take the catalogue's; units the analysis
 * does not read for that meaning are converted (ms → s, percent → ratio) so a user query
 * can replace a built-in panel without breaking the analysis.
 */
function meaning(
  domain: DomainId,
  q: UserQuery,
): { title: string; role: SeriesRole; unit: SeriesUnit; transform?: PanelTransform; warning?: string } {
  const spec = panelSpec(domain, q.id);
  const role: SeriesRole = spec && q.role === 'gauge' ? spec.role : q.role;
  let unit: SeriesUnit = spec && q.unit === 'count' ? spec.unit : q.unit;
  let transform: PanelTransform | undefined;
  const wantsSeconds = spec ? spec.unit === 's' : LATENCY_ROLES.has(role);
  const wantsRatio = spec ? spec.unit === 'ratio' : role === 'error_rate';
  if (unit === 'ms' && wantsSeconds) {
    transform = { scale: 0.001 };
    unit = 's';
  } else if (unit === 'percent' && wantsRatio) {
    transform = { scale: 0.01 };
    unit = 'ratio';
  }
  const warning =
    spec && unit !== spec.unit
      ? `query ${domain}.${q.id} is in ${unit} but the ${q.id} panel is read in ${spec.unit}`
      : undefined;
  return { title: q.title ?? spec?.title.en ?? q.id, role, unit, transform, warning };
}

/** The service's own queries as panel queries (pack `user`), with any unit warnings. */
export function userPanelQueries(service: ServiceConfig | undefined): {
  queries: PanelQuery[];
  warnings: string[];
} {
  const queries: PanelQuery[] = [];
  const warnings: string[] = [];
  for (const domain of DOMAIN_IDS) {
    for (const q of service?.queries[domain] ?? []) {
      const m = meaning(domain, q);
      if (m.warning) warnings.push(m.warning);
      queries.push({
        domain,
        panel: q.id,
        title: m.title,
        role: m.role,
        unit: m.unit,
        pack: 'user',
        promql: q.promql,
        influxql: q.influxql,
        flux: q.flux,
        legend: q.legend,
        transform: m.transform,
      });
    }
  }
  return { queries, warnings };
}

/**
 * Built-in queries with the user's merged in: a user query replaces the built-in query of
 * the same domain and id in place; the others are added after their domain's queries.
 */
export function mergeUserQueries(builtIn: readonly PanelQuery[], user: readonly PanelQuery[]): PanelQuery[] {
  const key = (q: PanelQuery) => `${q.domain}.${q.panel}`;
  const byKey = new Map(user.map((q) => [key(q), q]));
  const used = new Set<string>();
  const merged = builtIn.map((q) => {
    const replacement = byKey.get(key(q));
    if (!replacement) return q;
    used.add(key(q));
    return replacement;
  });
  const out: PanelQuery[] = [];
  for (const domain of DOMAIN_IDS) {
    out.push(...merged.filter((q) => q.domain === domain));
    out.push(...user.filter((q) => q.domain === domain && !used.has(key(q))));
  }
  return out;
}

/**
 * Grafana-style placeholders a user may paste into PromQL: `$__rate_interval`,
 * `$__interval` and `$selector` (the service selector; commas around an empty one are
 * dropped, so `m{$selector,code="500"}` stays valid).
 */
export function expandPromPlaceholders(
  text: string,
  p: { rateWindow: string; stepSec: number; selector: string },
): string {
  const sel = normaliseSelector(p.selector);
  let out = text
    .replaceAll('$__rate_interval', p.rateWindow)
    .replaceAll('$__interval', formatDuration(p.stepSec));
  if (sel === '') out = out.replace(/\{\s*\$selector\s*,?\s*/g, '{').replace(/\s*,\s*\$selector/g, '');
  out = out.replaceAll('$selector', () => sel);
  return out;
}

/** Grafana's `$__interval` in InfluxQL/Flux becomes the client's `$interval`. */
export function expandInfluxPlaceholders(text: string): string {
  return text.replaceAll('$__interval', '$interval');
}
