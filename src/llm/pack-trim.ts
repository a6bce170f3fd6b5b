import type { Severity } from '../analysis/report.types.js';
import type { DomainId } from '../config/file.schema.js';
import type { ContextPack, DomainPack } from './context-pack.js';

/** Panels that carry the story of most tests; their series go last when trimming. */
const KEY_PANELS = new Set([
  'users',
  'rps',
  'p95',
  'p99',
  'error_rate',
  'heap_used',
  'heap_max',
  'gc_pause_share',
  'process_cpu',
  'pool_active',
  'pool_max',
  'pool_pending',
  'lag',
  'cpu',
  'container_cpu',
  'container_throttled',
]);

const SEVERITY_ORDER: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** JSON length of one `"key":value,` member. */
const memberSize = (key: string, value: unknown) =>
  JSON.stringify(key).length + JSON.stringify(value).length + 2;

interface SeriesRef {
  domain: DomainId;
  key: string;
  score: number;
  order: number;
}

/**
 * Series in the order they are dropped: not referenced by a finding before referenced,
 * other panels before key panels, later series (extra routes, instances) before earlier.
 */
function dropOrder(pack: ContextPack): SeriesRef[] {
  const refs: SeriesRef[] = [];
  let order = 0;
  for (const [domain, d] of Object.entries(pack.domains) as Array<[DomainId, DomainPack]>) {
    const cited = new Set(d.findings.map((f) => f.metric));
    for (const key of Object.keys(d.series)) {
      const panel = key.slice(0, key.indexOf('/'));
      const score = (cited.has(`${domain}.${panel}`) ? 2 : 0) + (KEY_PANELS.has(panel) ? 1 : 0);
      refs.push({ domain, key, score, order: order++ });
    }
  }
  return refs.sort((a, b) => a.score - b.score || b.order - a.order);
}

/**
 * Trims `pack` in place until its JSON fits `maxTokens` (≈ 4 chars a token): series
 * statistics first (least important first), then warnings, then findings from the lowest
 * severity. Steps, peak, SLO results and statuses are never trimmed: they are the report.
 */
export function trimToBudget(pack: ContextPack, maxTokens: number): void {
  const budget = maxTokens * 4;
  let size = JSON.stringify(pack).length;
  if (size <= budget) return;

  for (const ref of dropOrder(pack)) {
    if (size <= budget) return;
    const series = pack.domains[ref.domain]!.series;
    size -= memberSize(ref.key, series[ref.key]);
    delete series[ref.key];
    pack.trimmed.series++;
  }
  const warnings = pack.overall.warnings;
  while (size > budget && warnings.length > 0) {
    size -= JSON.stringify(warnings.pop()).length + 1;
    pack.trimmed.warnings++;
  }
  const findings = Object.values(pack.domains)
    .flatMap((d) => d!.findings.map((f) => ({ d: d!, f })))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity]);
  for (const { d, f } of findings) {
    if (size <= budget) return;
    d.findings.splice(d.findings.indexOf(f), 1);
    size -= JSON.stringify(f).length + 1;
    pack.trimmed.findings++;
  }
}
