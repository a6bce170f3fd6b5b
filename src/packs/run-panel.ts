import { isLoadLensError } from '../core/errors.js';
import type { PanelData, Series } from '../sources/series.js';
import type { InfluxSource, PromSource, RangeResult } from '../sources/source.js';
import { panelFailure } from './panel-failure.js';
import type { PanelQuery, PanelTransform } from './types.js';
import { expandInfluxPlaceholders, expandPromPlaceholders } from './user-queries.js';

/** The sources and settings every panel of one collection shares. */
export interface PanelRunContext {
  prom?: PromSource;
  influx?: InfluxSource;
  /** Why a configured source must not be asked again (its discovery failed). */
  promDown?: string;
  influxDown?: string;
  fromMs: number;
  toMs: number;
  stepSec: number;
  rateWindow: string;
  selector: string;
  /** Wall clock (epoch ms) stamped on a failed panel; default `Date.now`. */
  now?: () => number;
}

/** Outcome of one panel: its data, whether a range query was sent, and its warnings. */
export interface PanelRun {
  data: PanelData;
  sent: boolean;
  warnings: string[];
}

const NO_PROM =
  'no Prometheus source configured (set PROMETHEUS_URL, or GRAFANA_URL with a token and datasource)';
const NO_INFLUX =
  'no InfluxDB source configured (set INFLUX_URL with INFLUX_DB, or INFLUX_ORG/INFLUX_BUCKET/INFLUX_TOKEN)';

function slug(s: string): string {
  return s
    .replace(/[^\p{L}\p{N}_-]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/** Series keyed `<domain>.<panel>` (one series) or `<domain>.<panel>.<name>` (several), unique. */
function rekey(q: PanelQuery, series: Series[]): Series[] {
  const base = `${q.domain}.${q.panel}`;
  const used = new Set<string>();
  return series.map((s, i) => {
    let id = base;
    if (series.length > 1) {
      const stem = `${base}.${slug(s.name) || String(i)}`;
      id = stem;
      for (let n = 2; used.has(id); n++) id = `${stem}_${n}`;
    }
    used.add(id);
    return { ...s, id };
  });
}

function applyTransform(series: Series[], t: PanelTransform | undefined, stepSec: number): Series[] {
  if (!t) return series;
  const factor = (t.scale ?? 1) / (t.perSecond ? stepSec : 1);
  if (factor === 1) return series;
  return series.map((s) => ({ ...s, v: s.v.map((v) => v * factor) }));
}

type Routed =
  | { run: () => Promise<{ res: RangeResult; text: string }>; text: string }
  | { error: string; text: string };

/** Picks the source and the query text for a panel, or says why it cannot run. */
function route(q: PanelQuery, c: PanelRunContext): Routed {
  const base = {
    fromMs: c.fromMs,
    toMs: c.toMs,
    stepSec: c.stepSec,
    legend: q.legend,
    id: `${q.domain}.${q.panel}`,
  };
  if (q.promql) {
    const text = expandPromPlaceholders(q.promql, c);
    const prom = c.prom;
    if (prom && !c.promDown)
      return { text, run: async () => ({ res: await prom.queryRange({ ...base, query: text }), text }) };
    if (!q.influxql && !q.flux) return { text, error: c.promDown ?? NO_PROM };
  }
  const influx = c.influx;
  const lang =
    influx?.kind === 'influx2' ? q.flux : influx?.kind === 'influx1' ? q.influxql : (q.influxql ?? q.flux);
  const text = expandInfluxPlaceholders(lang ?? q.influxql ?? q.flux ?? '');
  if (!influx) return { text, error: NO_INFLUX };
  if (c.influxDown) return { text, error: c.influxDown };
  if (!lang) {
    const wanted = q.flux ? 'Flux (InfluxDB 2.x)' : 'InfluxQL (InfluxDB 1.x)';
    return { text, error: `the query is ${wanted}, but the InfluxDB source is ${influx.kind}` };
  }
  const ask = async (query: string) => ({ res: await influx.queryRange({ ...base, query }), text: query });
  const flux = q.flux;
  if (influx.kind === 'replay' && q.influxql && flux) {
    // A recording does not say which InfluxDB it came from: try InfluxQL, then Flux.
    return {
      text,
      run: () =>
        ask(text).catch((err: unknown) => {
          if (!isLoadLensError(err, 'SOURCE_BAD_RESPONSE')) throw err;
          return ask(expandInfluxPlaceholders(flux));
        }),
    };
  }
  return { text, run: () => ask(text) };
}

/** Runs one panel query; failures become the panel's `error`, never a throw. */
export async function runPanel(q: PanelQuery, c: PanelRunContext): Promise<PanelRun> {
  const data: PanelData = {
    domain: q.domain,
    panel: q.panel,
    title: q.title,
    role: q.role,
    unit: q.unit,
    pack: q.pack,
    query: '',
    series: [],
  };
  const r = route(q, c);
  data.query = r.text;
  if ('error' in r) return { data: { ...data, error: r.error }, sent: false, warnings: [] };
  try {
    const { res, text } = await r.run();
    data.query = text;
    const series = rekey(q, applyTransform(res.series, q.transform, res.stepSec));
    const warnings = res.warnings;
    return {
      data: warnings.length > 0 ? { ...data, series, warnings } : { ...data, series },
      sent: true,
      warnings,
    };
  } catch (err) {
    const failure = panelFailure(err, c.now ?? Date.now);
    return {
      data: { ...data, error: err instanceof Error ? err.message : String(err), failure },
      sent: true,
      warnings: [],
    };
  }
}
