import { describe, expect, it } from 'vitest';
import { createLiveExporter } from '../../../src/sim/live-exporter.js';

const sample = (text: string, name: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));

describe('live sim exporter (compose demo service)', () => {
  it('serves the tick of now, without timestamps, and counters grow between scrapes', () => {
    let t = Date.parse('2026-11-20T10:00:00Z');
    const exp = createLiveExporter({ now: () => t });
    const first = exp.render();
    t += 10 * 60_000;
    const later = exp.render();
    for (const text of [first, later]) {
      expect(text.endsWith('# EOF\n')).toBe(true);
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        // name{labels} value — exactly one value, no timestamp.
        expect(line, line).toMatch(/^[a-zA-Z_:][\w:]*(\{.*\})? [-+\w.]+$/);
      }
    }
    expect(later).toContain('hikaricp_connections_active');
    const a = sample(first, 'k6_http_reqs_total').reduce((x, y) => x + y, 0);
    const b = sample(later, 'k6_http_reqs_total').reduce((x, y) => x + y, 0);
    expect(b).toBeGreaterThan(a);
  });

  it('starts a new simulated hour when the last one is over', () => {
    let t = Date.parse('2026-11-20T10:00:00Z');
    const exp = createLiveExporter({ now: () => t });
    exp.render();
    t += 3 * 3_600_000;
    const users = sample(exp.render(), 'k6_vus');
    expect(users.every((u) => u >= 0)).toBe(true);
  });
});
