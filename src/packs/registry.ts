import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import { hikariPack } from './packs/db-hikaricp.js';
import { nodePgPoolPack } from './packs/db-node-pool.js';
import { postgresExporterPack } from './packs/db-postgres.js';
import { expressHttpPack } from './packs/http-express.js';
import { fastapiHttpPack } from './packs/http-fastapi.js';
import { genericHttpPack } from './packs/http-generic.js';
import { micrometerHttpPack } from './packs/http-micrometer.js';
import { otelHttpPack, otelMsHttpPack } from './packs/http-otel.js';
import { gatlingInfluxPack } from './packs/influx-gatling.js';
import { jmeterInfluxPack } from './packs/influx-jmeter.js';
import { k6InfluxPack } from './packs/influx-k6.js';
import { cadvisorPack } from './packs/infra-cadvisor.js';
import { nodeExporterPack } from './packs/infra-node.js';
import { processPack } from './packs/infra-process.js';
import { jvmMicrometerPack } from './packs/jvm-micrometer.js';
import { kafkaExporterPack } from './packs/kafka-exporter.js';
import { jmeterPrometheusPack } from './packs/load-jmeter.js';
import { k6Pack } from './packs/load-k6.js';
import { locustPack } from './packs/load-locust.js';
import type { LabelsOf, Pack, PackContext, PanelQuery } from './types.js';

/** PromQL packs; within a domain the order is the preference order. */
export const PROM_PACKS: readonly Pack[] = [
  k6Pack,
  locustPack,
  jmeterPrometheusPack,
  micrometerHttpPack,
  fastapiHttpPack,
  expressHttpPack,
  otelHttpPack,
  otelMsHttpPack,
  genericHttpPack,
  jvmMicrometerPack,
  hikariPack,
  nodePgPoolPack,
  postgresExporterPack,
  kafkaExporterPack,
  nodeExporterPack,
  cadvisorPack,
  processPack,
];

/** InfluxDB (load tool) packs, preferred after the PromQL load packs. */
export const INFLUX_PACKS: readonly Pack[] = [k6InfluxPack, jmeterInfluxPack, gatlingInfluxPack];

/**
 * Domains fed by ONE primary pack: several load tools or HTTP instrumentations of the same
 * system describe the same traffic, so mixing their key panels would compare unlike
 * things (and a sum would double count). Other domains combine their packs, since
 * HikariCP and postgres-exporter (or node-exporter and cAdvisor) answer different panels.
 */
export const EXCLUSIVE_DOMAINS: ReadonlySet<DomainId> = new Set<DomainId>(['load', 'http']);

/** The packs whose metrics are present, in preference order. */
export function detectPacks(packs: readonly Pack[], names: ReadonlySet<string>, labelsOf?: LabelsOf): Pack[] {
  return packs.filter((p) => p.detect(names, labelsOf));
}

/** Detected pack ids per domain, primary (preferred) first. */
export function packIdsByDomain(detected: readonly Pack[]): Partial<Record<DomainId, string[]>> {
  const out: Partial<Record<DomainId, string[]>> = {};
  for (const d of DOMAIN_IDS) {
    const ids = detected.filter((p) => p.domain === d).map((p) => p.id);
    if (ids.length > 0) out[d] = ids;
  }
  return out;
}

/**
 * The built-in queries to run. `detected` is in preference order (PromQL packs before
 * Influx ones). In an exclusive domain only the first pack that yields queries is used;
 * elsewhere every pack contributes and the first pack to provide a panel id keeps it.
 */
export function selectQueries(detected: readonly Pack[], ctxFor: (pack: Pack) => PackContext): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const domain of DOMAIN_IDS) {
    const taken = new Set<string>();
    for (const pack of detected.filter((p) => p.domain === domain)) {
      const queries = pack.queries(ctxFor(pack)).filter((q) => !taken.has(q.panel));
      if (queries.length === 0) continue;
      for (const q of queries) taken.add(q.panel);
      out.push(...queries);
      if (EXCLUSIVE_DOMAINS.has(domain)) break;
    }
  }
  return out;
}

/** The primary pack of each domain (the first detected one that produced queries). */
export function primaryPacks(queries: readonly PanelQuery[]): Partial<Record<DomainId, string>> {
  const out: Partial<Record<DomainId, string>> = {};
  for (const q of queries) if (q.pack !== 'user' && !out[q.domain]) out[q.domain] = q.pack;
  return out;
}
