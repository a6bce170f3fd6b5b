import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { createFormatter } from '../../../src/analysis/format.js';
import { isKeyPanel, missingLine, verdictWithMissing } from '../../../src/analysis/missing-panels.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { panelFailure } from '../../../src/packs/panel-failure.js';
import type { PanelData } from '../../../src/sources/series.js';
import { basicPanels, panel, profile } from './fixtures.js';

const AT = '2026-01-15T02:14:05.000Z';

/** The panel as the fetch leaves it when the source gave up on it. */
function failed(p: PanelData, kind: 'timeout' | 'overloaded' = 'timeout'): PanelData {
  return {
    ...p,
    series: [],
    error: 'Prometheus timed out on query "x" after 3 tries',
    failure: { kind, source: 'Prometheus', tries: 3, at: AT },
  };
}

const clean = profile({ levels: [20, 40, 60, 80], capacity: 1000, seed: 7 });

function run(panels: PanelData[], slos: string[] = []) {
  return analyse({ fromMs: clean.fromMs, toMs: clean.toMs, panels, slos, locale: 'en', tz: 'UTC' });
}

describe('a panel the source gave up on', () => {
  it('turns a clean pass into insufficient_data when it is a key panel, naming it everywhere in the JSON', () => {
    const all = basicPanels(clean);
    expect(run(all).verdict).toBe('pass');
    const r = run(all.map((p) => (p.domain === 'http' && p.panel === 'p95' ? failed(p) : p)));
    expect(r.verdict).toBe('insufficient_data');
    expect(r.verdictReason.code).toBe('key_panel_missing');
    expect(r.verdictReason.text.en).toBe(
      'INSUFFICIENT DATA: HTTP latency p95 could not be fetched, so the run cannot pass.',
    );
    expect(r.verdictReason.text.ru).toContain('не удалось получить «HTTP: Задержка p95»');
    const http = r.domains.find((d) => d.id === 'http')!;
    expect(http.status).toBe('partial');
    expect(http.missing).toEqual([
      {
        panel: 'p95',
        title: 'Latency p95',
        reason: 'timeout',
        source: 'Prometheus',
        tries: 3,
        at: AT,
        key: true,
        detail: 'Prometheus timed out on query "x" after 3 tries',
      },
    ]);
    expect(r.warnings).toContain('HTTP latency p95 missing: Prometheus timed out after 3 tries at 02:14');
    expect(r.warningsI18n.ru).toContain(
      'HTTP: нет данных «Задержка p95» — Prometheus не ответил вовремя после 3 попыток, в 02:14',
    );
    // Other domains are untouched.
    expect(r.domains.find((d) => d.id === 'load')!.missing).toBeUndefined();
  });

  it('leaves the verdict alone for a panel that is not key, but still marks the domain partial', () => {
    const r = run(basicPanels(clean).map((p) => (p.domain === 'http' && p.panel === 'p99' ? failed(p) : p)));
    expect(r.verdict).toBe('pass');
    expect(r.domains.find((d) => d.id === 'http')!.status).toBe('partial');
    expect(r.warnings.join('\n')).toContain('HTTP latency p99 missing');
  });

  it('keeps a measured fail a fail', () => {
    expect(verdictWithMissing('fail', [{ key: true } as never])).toBe('fail');
    expect(verdictWithMissing('risk', [{ key: true } as never])).toBe('insufficient_data');
    expect(verdictWithMissing('pass', [{ key: false } as never])).toBe('pass');
  });

  it('keeps a domain with nothing at all no_data, its failed panels still named', () => {
    const all = basicPanels(clean).map((p) => (p.domain === 'http' ? failed(p, 'overloaded') : p));
    const http = run(all).domains.find((d) => d.id === 'http')!;
    expect(http.status).toBe('no_data');
    expect(http.missing?.map((m) => m.panel)).toEqual(['rps', 'p95', 'p99', 'error_rate']);
    expect(missingLine('http', http.missing![0]!, createFormatter('en', 'Europe/Moscow'))).toBe(
      'HTTP service throughput missing: Prometheus was overloaded after 3 tries at 05:14',
    );
  });

  it('does not count a panel that failed before any query was sent', () => {
    const p = { ...panel('jvm', 'heap_used', []), error: 'no Prometheus source configured' };
    const r = run([...basicPanels(clean), p]);
    expect(r.domains.find((d) => d.id === 'jvm')!.missing).toBeUndefined();
  });
});

describe('isKeyPanel', () => {
  it('is the load, throughput, error rate and p95 of the load tool and the service', () => {
    expect(isKeyPanel('http', 'p95', 'latency_p95')).toBe(true);
    expect(isKeyPanel('http', 'rps', 'throughput')).toBe(true);
    expect(isKeyPanel('load', 'users', 'load')).toBe(true);
    expect(isKeyPanel('http', 'p99', 'latency_p99')).toBe(false);
    expect(isKeyPanel('jvm', 'heap_used', 'gauge')).toBe(false);
    expect(isKeyPanel('database', 'pg_tps', 'gauge')).toBe(false);
  });
});

describe('panelFailure', () => {
  const now = () => Date.parse(AT);
  it('reads the kind, source and tries from the error family', () => {
    const timeout = new LoadLensError('SOURCE_TIMEOUT', 'x', { details: { system: 'Grafana', tries: 4 } });
    expect(panelFailure(timeout, now)).toEqual({ kind: 'timeout', source: 'Grafana', tries: 4, at: AT });
    const busy = new LoadLensError('SOURCE_UNREACHABLE', 'x', {
      details: { system: 'Prometheus', status: 429 },
    });
    expect(panelFailure(busy, now).kind).toBe('overloaded');
    const down = new LoadLensError('SOURCE_UNREACHABLE', 'x', { details: { system: 'Prometheus' } });
    expect(panelFailure(down, now)).toMatchObject({ kind: 'unreachable', tries: 1 });
    const replayed = new LoadLensError('SOURCE_QUERY_ERROR', 'Prometheus at h:1 refused');
    expect(panelFailure(replayed, now)).toMatchObject({ kind: 'rejected', source: 'Prometheus' });
    expect(panelFailure(new Error('boom'), now)).toMatchObject({ kind: 'error', source: 'the source' });
  });
});
