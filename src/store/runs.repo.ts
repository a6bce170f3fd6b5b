import type { DomainJson, FindingJson } from '../analysis/report.types.js';
import { LoadLensError } from '../core/errors.js';
import { type Db, SQLSTATE, sqlState } from './db.js';
import { newId } from './ids.js';
import {
  type DomainRow,
  type FindingRow,
  jsonParam,
  type RunRow,
  toRunRecord,
  toStoredFinding,
} from './rows.js';
import { type SeriesRepo, validateSeries } from './series.repo.js';
import { loadQueries } from './sql-files.js';
import type { NewRun, RunFilter, RunRecord, StoredFinding } from './store.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;

/** Runs with their domains and findings (series live in series.repo.ts). */
export type RunsRepo = ReturnType<typeof createRunsRepo>;

export function createRunsRepo(db: Db, series: SeriesRepo, now: () => number) {
  const q = loadQueries('runs', [
    'insert_run',
    'insert_domains',
    'insert_findings',
    'get_run',
    'list_runs',
    'latest_run',
    'rename_run',
    'set_invalid',
    'drop_baselines_of_run',
    'delete_run',
    'get_domains',
    'get_findings',
  ] as const);

  const one = async (sql: string, params: unknown[]): Promise<RunRecord | null> => {
    const [row] = await db.query<RunRow>(sql, params);
    return row ? toRunRecord(row) : null;
  };

  return {
    /**
     * Saves the run, its domains, findings and series in one transaction. Findings without
     * an id get `<domain>.<n>` (unique within the run); the stored report carries the ids
     * and the run id.
     */
    async saveRun(run: NewRun): Promise<RunRecord> {
      validateRun(run);
      const id = run.id ?? newId(now());
      const domains = withFindingIds(run.domains);
      const report = { ...run.report, runId: id, domains: copyIds(run.report.domains ?? [], domains) };
      try {
        return await db.tx(async (t) => {
          const [row] = await t.query<RunRow>(q.insert_run, [
            id,
            run.name,
            run.service,
            run.from,
            run.to,
            run.verdict,
            jsonParam(run.peak),
            jsonParam(run.timings),
            jsonParam(report),
            run.origin ?? 'cli',
          ]);
          await insertDomains(t, id, domains);
          await series.insert(t, id, run.series);
          return toRunRecord(row!);
        });
      } catch (err) {
        if (sqlState(err) === SQLSTATE.uniqueViolation) {
          throw new LoadLensError('BAD_INPUT', `run ${id}: duplicate run id, domain or series key`, {
            cause: err,
          });
        }
        throw err;
      }
    },

    getRun: (id: string) => one(q.get_run, [id]),

    async listRuns(f: RunFilter = {}): Promise<RunRecord[]> {
      const limit = Math.min(Math.max(Math.trunc(f.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
      const offset = Math.max(Math.trunc(f.offset ?? 0), 0);
      const pattern = f.search ? `%${f.search.replace(/[\\%_]/g, '\\$&')}%` : null;
      const rows = await db.query<RunRow>(q.list_runs, [
        f.service ?? null,
        f.verdict ?? null,
        pattern,
        f.since ?? null,
        f.until ?? null,
        limit,
        offset,
      ]);
      return rows.map(toRunRecord);
    },

    latestRun: (service: string | null) => one(q.latest_run, [service]),

    async renameRun(id: string, name: string): Promise<boolean> {
      if (!name.trim()) throw new LoadLensError('BAD_INPUT', 'run name must not be empty');
      return (await db.query(q.rename_run, [id, name])).length > 0;
    },

    /** Invalidating a run also removes it as a baseline (an invalid run can never be one). */
    setRunInvalid(id: string, invalid: boolean): Promise<boolean> {
      return db.tx(async (t) => {
        const found = (await t.query(q.set_invalid, [id, invalid])).length > 0;
        if (found && invalid) await t.query(q.drop_baselines_of_run, [id]);
        return found;
      });
    },

    async deleteRun(id: string): Promise<boolean> {
      return (await db.query(q.delete_run, [id])).length > 0;
    },

    async getDomains(runId: string): Promise<DomainJson[]> {
      const [domains, findings] = await Promise.all([
        db.query<DomainRow>(q.get_domains, [runId]),
        db.query<FindingRow>(q.get_findings, [runId]),
      ]);
      return domains.map((d) => ({
        ...d.body,
        id: d.domain,
        findings: findings.filter((f) => f.domain === d.domain).map((f) => ({ ...f.body, id: f.id })),
      })) as DomainJson[];
    },

    async getFindings(runId: string): Promise<StoredFinding[]> {
      return (await db.query<FindingRow>(q.get_findings, [runId])).map(toStoredFinding);
    },
  };

  async function insertDomains(t: Db, runId: string, domains: DomainJson[]): Promise<void> {
    if (domains.length === 0) return;
    await t.query(q.insert_domains, [
      runId,
      domains.map((d) => d.id),
      domains.map((_, i) => i),
      domains.map((d) => d.status),
      domains.map(({ findings: _f, ...body }) => JSON.stringify(body)),
    ]);
    const rows = domains.flatMap((d) => d.findings.map((f, i) => ({ d: d.id, f, i })));
    if (rows.length === 0) return;
    await t.query(q.insert_findings, [
      runId,
      rows.map((r) => r.f.id!),
      rows.map((r) => r.d),
      rows.map((r) => r.i),
      rows.map((r) => r.f.severity),
      rows.map((r) => r.f.title),
      rows.map((r) => r.f.metric),
      rows.map((r) => r.f.at),
      rows.map((r) => (r.f.value === null || Number.isNaN(r.f.value) ? null : r.f.value)),
      rows.map((r) => JSON.stringify(r.f)),
    ]);
  }
}

function validateRun(run: NewRun): void {
  const bad = (msg: string) => new LoadLensError('BAD_INPUT', `run "${run.name}": ${msg}`);
  if (!run.name?.trim()) throw new LoadLensError('BAD_INPUT', 'run name must not be empty');
  if (!(run.from instanceof Date) || Number.isNaN(run.from.getTime())) throw bad('from is not a valid date');
  if (!(run.to instanceof Date) || Number.isNaN(run.to.getTime())) throw bad('to is not a valid date');
  if (run.to.getTime() < run.from.getTime()) throw bad('to is before from');
  for (const d of run.domains) {
    for (const f of d.findings) {
      if (f.at !== null && Number.isNaN(Date.parse(f.at)))
        throw bad(`finding "${f.title}": at is not a date`);
    }
  }
  validateSeries(run.series, bad);
}

/** Gives every finding an id: kept when the caller set one, else `<domain>.<n>`. */
function withFindingIds(domains: DomainJson[]): DomainJson[] {
  const taken = new Set<string>();
  for (const d of domains) {
    for (const f of d.findings) {
      if (f.id === undefined) continue;
      if (taken.has(f.id)) throw new LoadLensError('BAD_INPUT', `finding id ${f.id} is used twice`);
      taken.add(f.id);
    }
  }
  return domains.map((d) => {
    let n = 0;
    const findings = d.findings.map((f): FindingJson => {
      if (f.id !== undefined) return f;
      let id: string;
      do id = `${d.id}.${++n}`;
      while (taken.has(id));
      taken.add(id);
      return { ...f, id };
    });
    return { ...d, findings };
  });
}

/** Copies the assigned ids into the report's own domain list (same domain, same position). */
function copyIds(reportDomains: DomainJson[], saved: DomainJson[]): DomainJson[] {
  return reportDomains.map((d) => {
    const match = saved.find((s) => s.id === d.id);
    if (!match) return d;
    return {
      ...d,
      findings: d.findings.map((f, i) => {
        const s = match.findings[i];
        return f.id === undefined && s && s.title === f.title && s.metric === f.metric
          ? { ...f, id: s.id }
          : f;
      }),
    };
  });
}
