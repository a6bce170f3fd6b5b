import type { LoadLensError } from '../core/errors.js';
import type { Db } from './db.js';
import { float8Array, int8Array, timestamptzArray } from './pg-binary.js';
import { loadQueries } from './sql-files.js';
import type { StoredSeries } from './store.js';

/**
 * Points per INSERT. Each chunk is three binary arrays of ~12 bytes per element, so a
 * chunk stays well under a megabyte while 100k points need only a handful of round trips.
 */
export const POINTS_CHUNK = 25_000;

const Q = ['insert_series', 'insert_points', 'get_series', 'get_points'] as const;

interface SeriesRow {
  id: number;
  key: string;
  domain: StoredSeries['domain'];
  panel: string;
  name: string;
  unit: string;
  labels: Record<string, string>;
}

interface PointsRow {
  series_id: number;
  t: number[];
  v: (number | null)[];
}

/** Checks that keys are unique and that every series has equal-length arrays of finite times. */
export function validateSeries(series: StoredSeries[], bad: (msg: string) => LoadLensError): void {
  const keys = new Set<string>();
  for (const s of series) {
    if (keys.has(s.key)) throw bad(`series key ${s.key} is used twice`);
    keys.add(s.key);
    if (s.t.length !== s.v.length) throw bad(`series ${s.key}: ${s.t.length} times but ${s.v.length} values`);
    for (const t of s.t) if (!Number.isFinite(t)) throw bad(`series ${s.key}: a timestamp is not a number`);
  }
}

/** Stored series and points of runs. */
export type SeriesRepo = ReturnType<typeof createSeriesRepo>;

export function createSeriesRepo(db: Db) {
  const q = loadQueries('series', Q);
  return {
    /** Inserts series rows, then every point in chunked binary `unnest` inserts. Pass the open tx. */
    async insert(t: Db, runId: string, series: StoredSeries[]): Promise<void> {
      if (series.length === 0) return;
      const rows = await t.query<{ id: number; ord: number }>(q.insert_series, [
        runId,
        series.map((_, i) => i),
        series.map((s) => s.key),
        series.map((s) => s.domain),
        series.map((s) => s.panel),
        series.map((s) => s.name),
        series.map((s) => s.unit),
        series.map((s) => JSON.stringify(s.labels ?? {})),
      ]);
      const idByOrd = new Map(rows.map((r) => [r.ord, r.id]));
      const total = series.reduce((n, s) => n + s.t.length, 0);
      if (total === 0) return;
      // One flat column per field, so chunks can cut across series.
      const sid = new Float64Array(total);
      const ts = new Float64Array(total);
      const vs = new Float64Array(total);
      let o = 0;
      series.forEach((s, i) => {
        const id = idByOrd.get(i)!;
        for (let j = 0; j < s.t.length; j++, o++) {
          sid[o] = id;
          ts[o] = s.t[j]!;
          vs[o] = s.v[j]!;
        }
      });
      // On PGlite the per-row foreign-key trigger costs more than the insert itself (it runs
      // a lookup per point under WebAssembly). The referenced series rows were created just
      // above in this same transaction, so the check cannot fail: skip it for these
      // statements only. PGlite is always superuser; on PostgreSQL the check is cheap and
      // the role may not be allowed to change this setting, so it stays on there.
      const skipFkCheck = t.kind === 'pglite';
      if (skipFkCheck) await t.exec('SET LOCAL session_replication_role = replica');
      for (let start = 0; start < total; start += POINTS_CHUNK) {
        const end = Math.min(start + POINTS_CHUNK, total);
        await t.query(q.insert_points, [
          int8Array(sid, start, end),
          timestamptzArray(ts, start, end),
          float8Array(vs, start, end),
        ]);
      }
      if (skipFkCheck) await t.exec('SET LOCAL session_replication_role = origin');
    },

    /** Series of a run in saved order, optionally only those with the given keys; NULL comes back as NaN. */
    async get(runId: string, keys?: string[]): Promise<StoredSeries[]> {
      if (keys && keys.length === 0) return [];
      const rows = await db.query<SeriesRow>(q.get_series, [runId, keys ?? null]);
      if (rows.length === 0) return [];
      const points = await db.query<PointsRow>(q.get_points, [rows.map((r) => r.id)]);
      const byId = new Map(points.map((p) => [p.series_id, p]));
      return rows.map((r) => {
        const p = byId.get(r.id);
        return {
          key: r.key,
          domain: r.domain,
          panel: r.panel,
          name: r.name,
          unit: r.unit,
          labels: r.labels,
          t: p ? p.t : [],
          v: p ? p.v.map((x) => (x === null ? Number.NaN : x)) : [],
        };
      });
    },
  };
}
