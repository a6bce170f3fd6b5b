import type { DomainId } from '../config/file.schema.js';
import { DOMAIN_IDS } from '../config/file.schema.js';
import type { PanelData } from '../sources/series.js';

/** The state of the sources after discovery. */
export interface SourceState {
  /** Why Prometheus (or Grafana, or the recording) could not be used. */
  promDown?: string;
  influxDown?: string;
  hasProm: boolean;
  hasInflux: boolean;
}

const NO_PROM_FOR_DOMAIN = 'no Prometheus source configured (set PROMETHEUS_URL or GRAFANA_URL)';

/** A failed panel's error, naming the query when it is the user's own. */
export function panelReason(p: PanelData): string {
  const error = p.error ?? 'failed';
  if (p.pack !== 'user' || error.includes(p.panel)) return error;
  return `query "${p.domain}.${p.panel}" failed: ${error}`;
}

/** One line for a domain whose queries all failed: user queries first, distinct errors. */
function allFailedReason(failed: PanelData[]): string {
  const ordered = [...failed.filter((p) => p.pack === 'user'), ...failed.filter((p) => p.pack !== 'user')];
  const distinct = [...new Set(ordered.map(panelReason))];
  const first = distinct[0] ?? 'every query failed';
  if (distinct.length === 1) return first;
  return `${first} (and ${distinct.length - 1} other error${distinct.length > 2 ? 's' : ''} in ${failed.length} queries)`;
}

/**
 * Reasons for domains left without usable data: every query of the domain failed, or
 * its source is down or missing. A domain that simply has no metrics in a healthy source
 * gets no reason here (the analysis reports "no metrics found").
 */
export function domainFailures(
  panels: readonly PanelData[],
  s: SourceState,
): Partial<Record<DomainId, string>> {
  const out: Partial<Record<DomainId, string>> = {};
  for (const domain of DOMAIN_IDS) {
    const mine = panels.filter((p) => p.domain === domain);
    if (mine.some((p) => !p.error)) continue;
    if (mine.length > 0) {
      out[domain] = allFailedReason(mine);
      continue;
    }
    const reasons: string[] = [];
    if (s.promDown) reasons.push(s.promDown);
    else if (!s.hasProm && domain !== 'load') reasons.push(NO_PROM_FOR_DOMAIN);
    if (domain === 'load' && s.influxDown) reasons.push(s.influxDown);
    if (reasons.length > 0) out[domain] = reasons.join('; ');
  }
  return out;
}
