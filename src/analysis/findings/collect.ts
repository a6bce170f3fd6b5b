import type { DomainId } from '../../config/file.schema.js';
import { type Finding, type FindingContext, SEVERITY_RANK } from './common.js';
import { dbPoolFindings } from './database.js';
import { dbScalingFindings } from './db-scaling.js';
import { errorFindings } from './errors.js';
import { cpuFindings, memoryLeakFindings } from './infra.js';
import { gcFindings, heapLeakFindings } from './jvm.js';
import { kafkaFindings } from './kafka.js';
import { singleCoreFindings } from './single-core.js';
import { throughputFindings } from './throughput.js';

/** Every detector, in the order their findings are listed within a domain. */
const DETECTORS: Array<(ctx: FindingContext) => Finding[]> = [
  dbPoolFindings,
  dbScalingFindings,
  cpuFindings,
  singleCoreFindings,
  gcFindings,
  kafkaFindings,
  errorFindings,
  throughputFindings,
  heapLeakFindings,
  memoryLeakFindings,
];

/** Tie-break between equally strong saturations that started together. */
const BOTTLENECK_ORDER: DomainId[] = ['database', 'kafka', 'jvm', 'infra'];

/** Runs every detector; findings come out strongest first (stable within a severity). */
export function collectFindings(ctx: FindingContext): Finding[] {
  const all = DETECTORS.flatMap((d) => d(ctx));
  return all
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

/**
 * The finding that names the bottleneck: the strongest saturation (severity; then one that
 * is not `ambient`, since throughput grew well past the onset of an ambient one; then the
 * earliest — the first resource to run out is the cause, later ones are knock-on effects —
 * then BOTTLENECK_ORDER), or null when nothing saturated.
 */
export function leadFinding(findings: Finding[]): Finding | null {
  const saturations = findings.filter((f) => f.bottleneck);
  saturations.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Number(a.ambient ?? false) - Number(b.ambient ?? false) ||
      (a.atMs ?? Infinity) - (b.atMs ?? Infinity) ||
      BOTTLENECK_ORDER.indexOf(a.bottleneck!) - BOTTLENECK_ORDER.indexOf(b.bottleneck!),
  );
  return saturations[0] ?? null;
}

/**
 * Findings in reading order: the bottleneck first, then the other causes, then symptoms
 * (latency knee, throughput plateau, errors under load), each group strongest first.
 */
export function orderFindings(findings: Finding[], lead: Finding | null): Finding[] {
  const group = (f: Finding) => (f === lead ? 0 : f.symptom ? 2 : 1);
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        group(a.f) - group(b.f) || SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i,
    )
    .map((x) => x.f);
}

/**
 * The domain limiting throughput: the strongest saturation finding (severity, then the
 * earliest — the first resource to run out is the cause, later ones are knock-on effects —
 * then BOTTLENECK_ORDER). Symptoms alone (knee, throughput plateau, errors under load) or
 * throughput that stopped following the load (`dropped`) point at http; else null.
 */
export function chooseBottleneck(findings: Finding[], dropped: boolean): DomainId | null {
  const top = leadFinding(findings);
  if (top) return top.bottleneck!;
  return dropped || findings.some((f) => f.symptom) ? 'http' : null;
}
