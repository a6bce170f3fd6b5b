import type { ReportJson } from '../analysis/report.types.js';
import { LoadLensError } from '../core/errors.js';
import type { RunRecord, StoredSeries } from '../store/store.js';
import type { CompareRun, CompareStep } from './compare.types.js';

/** The parts of a report a comparison reads. */
export type ReportForCompare = Pick<ReportJson, 'runId' | 'name' | 'service' | 'window' | 'steps' | 'peak'>;

function ms(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new LoadLensError('BAD_INPUT', `report ${what} is not a time: "${iso}"`);
  return t;
}

/** A comparison input from a report JSON and the run's stored series. */
export function compareRunFromReport(report: ReportForCompare, series: StoredSeries[]): CompareRun {
  const steps: CompareStep[] = report.steps.map((s, i) => ({
    fromMs: ms(s.from, `step ${i + 1} start`),
    toMs: ms(s.to, `step ${i + 1} end`),
    load: s.load ?? null,
    rps: Number.isFinite(s.rps) ? s.rps : null,
  }));
  return {
    id: report.runId,
    name: report.name,
    service: report.service,
    fromMs: ms(report.window.from, 'window start'),
    toMs: ms(report.window.to, 'window end'),
    steps,
    peakRps: report.peak?.rps ?? null,
    series,
  };
}

/** A comparison input from a stored run (its record wins over the report copy for id, name, window). */
export function compareRunFromRecord(run: RunRecord, series: StoredSeries[]): CompareRun {
  return {
    ...compareRunFromReport(run.report, series),
    id: run.id,
    name: run.name,
    service: run.service,
    fromMs: run.from.getTime(),
    toMs: run.to.getTime(),
  };
}
