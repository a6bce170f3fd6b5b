import { panelSpec } from '../analysis/panels.js';
import type { DomainId } from '../config/file.schema.js';
import type { SeriesRole, SeriesUnit } from '../sources/series.js';
import type { BucketDerivation, PanelQuery, PanelTransform } from './types.js';

/** The query text and the optional extras of a panel. */
export interface PanelBody {
  promql?: string;
  influxql?: string;
  flux?: string;
  legend?: string;
  transform?: PanelTransform;
  /** Computed client-side from a shared histogram bucket fetch (`promql` is that fetch). */
  buckets?: BucketDerivation;
}

/**
 * A query for a catalogue panel: title, role and unit come from `src/analysis/panels.ts`,
 * so packs cannot drift from the contract the analysis reads. Throws on an unknown id
 * (a programming error in a pack).
 */
export function catalogued(domain: DomainId, panel: string, pack: string, body: PanelBody): PanelQuery {
  const spec = panelSpec(domain, panel);
  if (!spec) throw new Error(`pack ${pack}: ${domain}.${panel} is not in the panel catalogue`);
  return { domain, panel, title: spec.title.en, role: spec.role, unit: spec.unit, pack, ...body };
}

/** A breakdown or extra panel outside the catalogue (role usually `gauge`). */
export function extra(
  domain: DomainId,
  panel: string,
  pack: string,
  meta: { title: string; unit: SeriesUnit; role?: SeriesRole },
  body: PanelBody,
): PanelQuery {
  if (panelSpec(domain, panel)) throw new Error(`pack ${pack}: ${domain}.${panel} is a catalogue panel`);
  return { domain, panel, title: meta.title, role: meta.role ?? 'gauge', unit: meta.unit, pack, ...body };
}
