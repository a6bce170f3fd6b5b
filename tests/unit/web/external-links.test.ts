import { describe, expect, it } from 'vitest';
import { externalLinks, grafanaExploreUrl, publicBase } from '../../../src/web/external-links.js';

const window = { fromMs: Date.UTC(2026, 11, 1, 15, 20), toMs: Date.UTC(2026, 11, 1, 15, 50) };
const q = {
  domain: 'http' as const,
  panel: 'p95',
  title: 'Latency p95',
  query: 'histogram_quantile(0.95, x{a="b"})',
};

describe('external links', () => {
  it('strips credentials, query and fragment from configured base URLs, and refuses other schemes', () => {
    expect(publicBase('https://admin:pw@grafana.example.com/sub/?api_key=1#x')).toBe(
      'https://grafana.example.com/sub',
    );
    expect(publicBase('http://prom:9090')).toBe('http://prom:9090');
    expect(publicBase('javascript:alert(1)')).toBeNull();
    expect(publicBase('not a url')).toBeNull();
    expect(publicBase(undefined)).toBeNull();
  });

  it('opens Prometheus on the exact window, one graph per key query', () => {
    const links = externalLinks({ prometheusUrl: 'http://u:p@prom:9090/' }, window, [q]);
    expect(links.map((l) => [l.kind, l.target])).toEqual([
      ['prometheus', 'all'],
      ['prometheus', 'http.p95'],
    ]);
    const u = new URL(links[0]!.href);
    expect(u.href.startsWith('http://prom:9090/graph?')).toBe(true);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      'g0.expr': q.query,
      'g0.tab': '0',
      'g0.range_input': '1800s',
      'g0.end_input': '2026-12-01 15:50:00',
    });
  });

  it('opens Grafana Explore on the window, with the datasource when configured', () => {
    const u = new URL(grafanaExploreUrl('https://g', 'uid1', [q.query], window.fromMs, window.toMs));
    expect(u.pathname).toBe('/explore');
    const pane = JSON.parse(u.searchParams.get('panes')!).ll;
    expect(pane).toEqual({
      datasource: 'uid1',
      queries: [{ refId: 'A', expr: q.query, range: true, datasource: { type: 'prometheus', uid: 'uid1' } }],
      range: { from: String(window.fromMs), to: String(window.toMs) },
    });
    const plain = JSON.parse(
      new URL(grafanaExploreUrl('https://g', undefined, [], 1, 2)).searchParams.get('panes')!,
    ).ll;
    expect(plain).toEqual({ queries: [], range: { from: '1', to: '2' } });
  });

  it('gives no Prometheus link without stored queries, and nothing when no UI is configured', () => {
    expect(externalLinks({ prometheusUrl: 'http://prom' }, window, [])).toEqual([]);
    expect(externalLinks({}, window, [q])).toEqual([]);
    expect(externalLinks({ grafanaUrl: 'https://g' }, window, []).map((l) => l.kind)).toEqual(['grafana']);
  });
});
