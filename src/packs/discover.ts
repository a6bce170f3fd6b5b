import type { DomainId } from '../config/file.schema.js';
import type { InfluxSource, PromSource } from '../sources/source.js';
import { genericInspectionTargets } from './packs/http-generic.js';
import { detectPacks, INFLUX_PACKS, PROM_PACKS, packIdsByDomain } from './registry.js';
import { selectorMatchers, withSelector } from './selector.js';
import type { LabelsOf, Pack } from './types.js';

/** What is present in a source for a window. */
export interface Discovery {
  /** Metric names (Prometheus) or measurements (InfluxDB). */
  names: Set<string>;
  /** Label names of the metrics whose series were inspected. */
  labels: Map<string, Set<string>>;
  labelsOf: LabelsOf;
  /** Packs whose metrics are present, in preference order. */
  detected: Pack[];
  /** Detected pack ids per domain, preferred first. */
  packs: Partial<Record<DomainId, string[]>>;
  /** Non-fatal problems (an inspection that failed). */
  warnings: string[];
}

/** Common metrics whose label names decide how a pack writes its queries. */
const ALWAYS_INSPECT = ['http_requests_total'];

function labelNames(sets: Array<Record<string, string>>): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const k of Object.keys(s)) if (k !== '__name__') out.add(k);
  return out;
}

/**
 * Finds which metric families a Prometheus-like source holds in the window: the values
 * of `__name__` (under `{<selector>}` when given), then the label names of a few
 * candidate metrics (request counters of unknown apps, whose status label must be
 * found). A failing name lookup throws (the source is unusable); a failing inspection
 * only adds a warning.
 */
export async function discover(
  src: PromSource,
  w: { fromMs: number; toMs: number },
  selector?: string,
  packs: readonly Pack[] = PROM_PACKS,
): Promise<Discovery> {
  const names = new Set(await src.labelValues('__name__', w.fromMs, w.toMs, selectorMatchers(selector)));
  const targets = [
    ...new Set([...ALWAYS_INSPECT.filter((n) => names.has(n)), ...genericInspectionTargets(names)]),
  ];
  const labels = new Map<string, Set<string>>();
  const warnings: string[] = [];
  await Promise.all(
    targets.map(async (metric) => {
      try {
        const sets = await src.series([withSelector(metric, selector ?? '')], w.fromMs, w.toMs);
        labels.set(metric, labelNames(sets));
      } catch (err) {
        warnings.push(
          `could not read the labels of ${metric}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }),
  );
  const labelsOf: LabelsOf = (metric) => labels.get(metric);
  const detected = detectPacks(packs, names, labelsOf);
  return { names, labels, labelsOf, detected, packs: packIdsByDomain(detected), warnings };
}

/** Finds the load-tool families an InfluxDB holds, from its measurements. */
export async function discoverInflux(
  src: InfluxSource,
  packs: readonly Pack[] = INFLUX_PACKS,
): Promise<Discovery> {
  const names = new Set(await src.measurements());
  const labels = new Map<string, Set<string>>();
  const detected = detectPacks(packs, names);
  return {
    names,
    labels,
    labelsOf: () => undefined,
    detected,
    packs: packIdsByDomain(detected),
    warnings: [],
  };
}
