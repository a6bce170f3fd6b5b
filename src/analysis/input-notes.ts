import type { Texts } from './analysis-text.js';
import type { Formatter } from './format.js';
import { throughput } from './key-series.js';
import { type CleanPanel, type Metrics, sameGrid } from './metrics.js';
import { alignTo, indexRange, typicalStepMs } from './signals.js';
import type { Step } from './steps.js';

const isLatency = (p: CleanPanel) => p.role.startsWith('latency_');
const isSum = (p: CleanPanel) => p.role === 'throughput' || p.role === 'errors' || p.role === 'load';
const name = (p: CleanPanel) => `${p.domain}.${p.panel}`;

/** A series starting this long after its panel's first sample "appeared midway". */
const APPEAR_AFTER_SAMPLES = 3;
/** Panels sampled this many times coarser than the report's step have a mixed interval. */
const MIXED_FACTOR = 2;

/**
 * Notes on what real exporters bring that changed a figure, each naming the panel:
 * negative values (a counter reset seen by `rate`/`deriv`, e.g. at a process restart) and
 * infinite ones left out; a quantile above the largest histogram bucket (`+Inf`, or only
 * `+Inf` everywhere); a quantile that was NaN (an empty histogram window: no requests
 * measured) inside a load step while the service served traffic; series of a summed panel
 * that appear midway (new pods or instances) and count from then on; panels sampled at a
 * coarser interval than the rest, or whose series were scraped on different grids (their
 * sum carries each series' last sample).
 */
export function inputNotes(m: Metrics, steps: readonly Step[], t: Texts, f: Formatter): string[] {
  const out: string[] = [];
  const thr = throughput(m);
  for (const p of m.panels) {
    const negatives = p.artefacts - p.infinite;
    if (negatives > 0) out.push(t('w.artefacts', { n: negatives, panel: name(p) }));
    if (p.infinite > 0) {
      const finite = p.series.some((s) => s.v.some((x) => Number.isFinite(x)));
      out.push(
        isLatency(p)
          ? t(finite ? 'w.inf_quantile' : 'w.inf_only', { n: p.infinite, panel: name(p) })
          : t('w.artefacts', { n: p.infinite, panel: name(p) }),
      );
    }
  }
  for (const p of m.panels.filter(isLatency)) {
    const s = m.get(p.domain, p.panel);
    if (!s || !thr || steps.length === 0) continue;
    const served = alignTo(s.t, thr, Math.max(m.stepMs, 1));
    let empty = 0;
    for (const st of steps) {
      const [i0, i1] = indexRange(s.t, st.midFromMs, st.midToMs);
      for (let i = i0; i < i1; i++) if (Number.isNaN(s.v[i]!) && served[i]! > 0) empty++;
    }
    if (empty > 0) out.push(t('w.nan_quantile', { n: empty, panel: name(p) }));
  }
  for (const p of m.panels.filter(isSum)) {
    const live = p.series.filter((s) => s.v.some((x) => Number.isFinite(x)));
    if (live.length < 2) continue;
    const starts = live.map((s) => s.t[s.v.findIndex((x) => Number.isFinite(x))]!);
    const first = Math.min(...starts);
    const late = starts.filter((x) => x - first > APPEAR_AFTER_SAMPLES * m.stepMs);
    if (late.length > 0) {
      out.push(t('w.series_appeared', { n: late.length, panel: name(p), time: f.time(Math.min(...late)) }));
    }
    if (!sameGrid(live)) out.push(t('w.unaligned', { panel: name(p) }));
  }
  for (const p of m.panels) {
    const steps = p.series.map((s) => typicalStepMs(s.t)).filter((x): x is number => x !== null);
    const coarsest = steps.length > 0 ? Math.max(...steps) : null;
    if (coarsest !== null && coarsest >= MIXED_FACTOR * m.stepMs) {
      out.push(t('w.mixed_interval', { panel: name(p), every: f.span(coarsest), step: f.span(m.stepMs) }));
    }
  }
  return out;
}
