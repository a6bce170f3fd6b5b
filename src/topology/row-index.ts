import type { LabelsOf } from '../packs/types.js';
import type { InventoryRow } from './topology.types.js';

/** The names and per-metric dialect labels of some inventory rows, as packs read them. */
export interface RowView {
  names: Set<string>;
  labelsOf: LabelsOf;
}

/** Names and a `labelsOf` over `rows` (the union of each metric's dialect labels). */
export function viewOf(rows: readonly InventoryRow[]): RowView {
  const labels = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = labels.get(r.name) ?? new Set<string>();
    for (const f of r.flags) set.add(f);
    labels.set(r.name, set);
  }
  return { names: new Set(labels.keys()), labelsOf: (m) => labels.get(m) };
}
