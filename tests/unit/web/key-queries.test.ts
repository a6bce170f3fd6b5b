import { describe, expect, it } from 'vitest';
import { keyQueries, MAX_KEY_QUERIES } from '../../../src/analysis/key-queries.js';
import type { PanelData } from '../../../src/sources/series.js';

function panel(
  domain: PanelData['domain'],
  id: string,
  query: string,
  v = [1, 2],
  error?: string,
): PanelData {
  return {
    domain,
    panel: id,
    title: `${domain} ${id}`,
    role: 'gauge',
    unit: 'count',
    pack: 'p',
    query,
    series: [{ id: 'a', name: 'a', labels: {}, t: [0, 1], v }],
    ...(error ? { error } : {}),
  };
}

describe('keyQueries', () => {
  it('keeps the PromQL of key panels with data, in key order', () => {
    const q = keyQueries([
      panel('http', 'p95', 'histogram_quantile(0.95, x)'),
      panel('http', 'rps', 'sum(rate(http_requests_total[1m]))'),
      panel('load', 'users', 'SELECT mean("users") FROM "jmeter"'),
      panel('http', 'error_rate', 'e', [Number.NaN, Number.NaN]),
      panel('database', 'pool_pending', 'p', [1], 'timeout'),
      panel('jvm', 'heap_used', 'sum(jvm_memory_used_bytes)'),
      panel('jvm', 'threads', 'sum(jvm_threads_live_threads)'),
    ]);
    expect(q.map((x) => `${x.domain}.${x.panel}`)).toEqual(['http.rps', 'http.p95', 'jvm.heap_used']);
    expect(q[0]).toEqual({
      domain: 'http',
      panel: 'rps',
      title: 'http rps',
      query: 'sum(rate(http_requests_total[1m]))',
    });
  });

  it('keeps at most MAX_KEY_QUERIES', () => {
    const ids: Array<[PanelData['domain'], string]> = [
      ['http', 'rps'],
      ['http', 'p95'],
      ['http', 'error_rate'],
      ['load', 'users'],
      ['load', 'rps'],
      ['load', 'p95'],
      ['database', 'pool_pending'],
      ['infra', 'cpu'],
    ];
    expect(keyQueries(ids.map(([d, p]) => panel(d, p, `q_${p}`)))).toHaveLength(MAX_KEY_QUERIES);
  });
});
