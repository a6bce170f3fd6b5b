import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../../../src/sim/presets.js';
import { renderAll, simReport } from '../surfaces/render-all.js';

/**
 * Latin words allowed in a Russian rendering: units and acronyms readers use as they are,
 * product and tool names, the key name in the zoom hint, and the name of the other
 * language on the language switch.
 */
const ALLOWED = new Set([
  'LoadLens',
  'PDF',
  'HTTP',
  'JVM',
  'GC',
  'CPU',
  'RSS',
  'SLO',
  'Kafka',
  'PostgreSQL',
  'Prometheus',
  'Grafana',
  'LLM',
  'Markdown',
  'p50',
  'p90',
  'p95',
  'p99',
  '5xx',
  'UTC',
  'MSK',
  'Shift',
  'English',
]);

/** Latin words left after removing what the user or the data named (run, service, SLOs, topics, zone). */
function englishWords(text: string, data: string[]): string[] {
  let t = text;
  for (const d of [...data].sort((a, b) => b.length - a.length)) t = t.split(d).join(' ');
  t = t.replace(/https?:\/\/\S+/g, ' ');
  const words = t.match(/[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.has(w)))];
}

/**
 * A report analysed in English (as a run made by an English chat), rendered for a Russian
 * reader on chat, web page, PDF and CLI: no English word may be left, findings and
 * summaries included.
 */
describe('a Russian rendering has no stray English', () => {
  it.each(PRESET_NAMES)('%s', (preset) => {
    const report = simReport(preset, 'en', ['p95<500ms', 'error_rate<1%'], 'Europe/Moscow');
    const out = renderAll(report, 'ru', 'Europe/Moscow');
    const data = [
      report.name,
      'orders',
      'orders.events',
      'RUN1',
      'Europe/Moscow',
      ...report.slo.map((s) => s.expr),
    ];
    for (const surface of ['chat', 'telegram', 'web', 'pdf', 'cli'] as const) {
      expect(englishWords(out[surface], data), `${preset} on ${surface}`).toEqual([]);
    }
  });

  it('also for a domain without data', () => {
    const report = simReport('step_db_pool', 'en', [], 'Europe/Moscow', ['kafka']);
    expect(report.domains.find((d) => d.id === 'kafka')?.status).toBe('no_data');
    const out = renderAll(report, 'ru', 'Europe/Moscow');
    for (const surface of ['chat', 'web', 'pdf', 'cli'] as const) {
      expect(englishWords(out[surface], [report.name, 'orders', 'RUN1', 'Europe/Moscow']), surface).toEqual(
        [],
      );
    }
  });

  it('also for the analysis notes', () => {
    // An unknown zone and the users panel missing: two notes written in English.
    const report = simReport('step_db_pool', 'en', [], 'Mars/Base', ['load']);
    expect(report.warnings!.join(' ')).toMatch(/Unknown time zone "Mars\/Base"/);
    const out = renderAll(report, 'ru', 'Europe/Moscow');
    expect(out.web).toContain('Неизвестный часовой пояс «Mars/Base»');
    for (const surface of ['web', 'pdf', 'cli'] as const) {
      expect(
        englishWords(out[surface], [
          report.name,
          'orders.events',
          'orders',
          'RUN1',
          'Europe/Moscow',
          'Mars/Base',
          'load.users',
        ]),
        surface,
      ).toEqual([]);
    }
  });

  it('catches English when it is there', () => {
    expect(englishWords('Пик: 200 зап/с, throughput dropped at 15:37', [])).toEqual([
      'throughput',
      'dropped',
      'at',
    ]);
  });
});
