import type {
  DomainJson,
  FindingJson,
  PeakJson,
  ReportJson,
  TimingsMs,
  Verdict,
} from '../analysis/report.types.js';
import type { DomainId } from '../config/file.schema.js';
import type { RunRecord, StoredFinding } from './store.js';

/** Row shapes as both drivers return them (timestamptz → Date, jsonb → parsed, int8 → number). */
export interface RunRow {
  id: string;
  name: string;
  service: string | null;
  from_ts: Date;
  to_ts: Date;
  verdict: Verdict;
  peak: PeakJson | null;
  timings: TimingsMs;
  report: ReportJson;
  invalid: boolean;
  origin: string;
  created_at: Date;
}

export interface DomainRow {
  domain: DomainId;
  status: string;
  body: Omit<DomainJson, 'findings'>;
}

export interface FindingRow {
  id: string;
  run_id: string;
  domain: DomainId;
  severity: string;
  title: string;
  metric: string;
  at: Date | null;
  value: number | null;
  body: FindingJson;
}

export function toRunRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    name: r.name,
    service: r.service,
    from: r.from_ts,
    to: r.to_ts,
    verdict: r.verdict,
    peak: r.peak,
    timings: r.timings,
    report: r.report,
    invalid: r.invalid,
    origin: r.origin,
    createdAt: r.created_at,
  };
}

export function toStoredFinding(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    runId: r.run_id,
    domain: r.domain,
    severity: r.severity,
    title: r.title,
    metric: r.metric,
    at: r.at,
    value: r.value,
  };
}

/** JSON for a jsonb parameter (bound as text and cast in SQL, identical on both drivers). */
export function jsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
