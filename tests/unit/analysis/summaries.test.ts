import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { createFormatter } from '../../../src/analysis/format.js';
import type { Locale } from '../../../src/analysis/report.types.js';
import { basicPanels, gauge, panel, profile, series } from './fixtures.js';

const MiB = 1024 ** 2;

function report(locale: Locale, tz = 'Europe/Moscow') {
  const s = profile({ levels: [50, 100, 150, 200, 250, 300], capacity: 210, stepSec: 480, seed: 21 });
  const panels = [
    ...basicPanels(s),
    gauge(s, 'jvm', 'heap_used', (i) => (300 + (i % 5) * 40) * MiB),
    gauge(s, 'jvm', 'heap_max', () => 1024 * MiB),
    gauge(s, 'jvm', 'gc_pause_share', (_, o) => (o > 210 ? 0.04 : 0.01)),
    gauge(s, 'jvm', 'threads', (_, o) => 40 + Math.round(o / 5)),
    gauge(s, 'database', 'pool_active', (_, o) => (o > 210 ? 10 : Math.round(o / 25))),
    gauge(s, 'database', 'pool_max', () => 10),
    gauge(s, 'database', 'pool_pending', (_, o) => (o > 210 ? Math.round((o - 210) * 0.6) : 0)),
    gauge(s, 'database', 'pool_acquire', (_, o) => (o > 210 ? 0.35 : 0.002)),
    panel(
      'kafka',
      'lag',
      series(
        'lag',
        s.t,
        s.t.map((_, i) => 1200 + (i % 3) * 100),
        { topic: 'orders' },
      ),
    ),
    gauge(s, 'kafka', 'consume_rate', (_, o) => Math.min(o, 210)),
    gauge(s, 'infra', 'cpu', (_, o) => Math.min(0.62, o / 400)),
    gauge(s, 'infra', 'memory_used', () => 5.5 * 1024 * MiB),
    gauge(s, 'infra', 'process_fds', () => 12345),
  ];
  return analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: [], locale, tz });
}

const summaries = (locale: Locale, tz?: string) =>
  Object.fromEntries(report(locale, tz).domains.map((d) => [d.id, d.summary.replaceAll('\u00a0', ' ')]));

describe('domain summaries', () => {
  it('are deterministic', () => {
    expect(report('en').domains.map((d) => d.summary)).toEqual(report('en').domains.map((d) => d.summary));
  });

  it('quote the key numbers in English', () => {
    expect(summaries('en')).toMatchInlineSnapshot(`
      {
        "database": "Up to 10 of 10 pool connections in use; up to 54 threads waiting for a connection; connection acquire time up to 350 ms; main finding: Database connection pool saturated.",
        "http": "Throughput followed the load up to 200 rps (step 4, 13:27–13:36); from 13:36 it stopped following; p95 grew from 50 ms to 4.34 s at 211 rps; 5xx reached 13.0%; main finding: High error rate under load.",
        "infra": "Host CPU up to 62.0%; host memory up to 5.5 GiB; up to 12,345 open file descriptors; no findings.",
        "jvm": "Heap used up to 420 MiB of 1 GiB; GC pauses took up to 4.0% of the time; up to 100 live threads; no findings.",
        "kafka": "Consumer lag up to 1,300 messages (orders); the lag does not grow; consumed up to 210 msg/s; no findings.",
        "load": "The offered load rose in 6 steps from 50 to 300 VU; the tool saw up to 213 rps; p95 up to 4.55 s; errors up to 13.0%; main finding: Throughput stopped following the load.",
      }
    `);
  });

  it('quote the key numbers in Russian', () => {
    expect(summaries('ru')).toMatchInlineSnapshot(`
      {
        "database": "Занято до 10 из 10 соединений пула; соединения ждали до 54 потоков; время получения соединения до 350 мс; главное: Пул соединений к БД исчерпан.",
        "http": "Пропускная способность росла за нагрузкой до 200 зап/с (ступень 4, 13:27–13:36); с 13:36 рост прекратился; p95 вырос с 50 мс до 4,34 с при 211 зап/с; доля 5xx достигала 13,0 %; главное: Высокая доля ошибок под нагрузкой.",
        "infra": "CPU хоста до 62,0 %; память хоста до 5,5 ГиБ; открытых дескрипторов до 12 345; замечаний нет.",
        "jvm": "Куча JVM занята до 420 МиБ из 1 ГиБ; паузы GC занимали до 4,0 % времени; живых потоков до 100; замечаний нет.",
        "kafka": "Отставание консьюмера до 1 300 сообщений (orders); отставание не растёт; чтение до 210 сообщ./с; замечаний нет.",
        "load": "Нагрузка подавалась ступенями (6) от 50 до 300 польз.; инструмент видел до 213 зап/с; p95 до 4,55 с; ошибок до 13,0 %; главное: Пропускная способность перестала расти за нагрузкой.",
      }
    `);
  });

  it('give times in the report time zone', () => {
    expect(summaries('en', 'UTC').http).toContain('(step 4, 10:27–10:36)');
    expect(summaries('en', 'Asia/Tokyo').http).toContain('(step 4, 19:27–19:36)');
  });

  it('warn about an unknown time zone and fall back to UTC', () => {
    const r = report('en', 'Mars/Olympus');
    expect(r.warnings).toContain('Unknown time zone "Mars/Olympus": times are shown in UTC');
    expect(r.domains.find((d) => d.id === 'http')!.summary).toContain('10:27–10:36');
  });
});

describe('formatter', () => {
  it('formats numbers, units and times per locale', () => {
    const en = createFormatter('en', 'UTC');
    const ru = createFormatter('ru', 'Europe/Moscow');
    const nb = (x: string) => x.replaceAll('\u00a0', ' ').replaceAll('\u202f', ' ');
    expect(en.num(12345.678)).toBe('12,346');
    expect(nb(ru.num(12345.678))).toBe('12 346');
    expect(ru.num(1.25)).toBe('1,25');
    expect(nb(en.ms(48.2))).toBe('48 ms');
    expect(nb(en.ms(1940))).toBe('1.94 s');
    expect(nb(ru.ms(1940))).toBe('1,94 с');
    expect(en.pct(0.12)).toBe('12.0%');
    expect(en.pct(0.0234)).toBe('2.3%');
    expect(nb(ru.pct(0.12))).toBe('12,0 %');
    expect(nb(en.bytes(1.5 * 1024 ** 3))).toBe('1.5 GiB');
    expect(nb(ru.bytes(512 * 1024 ** 2))).toBe('512 МиБ');
    expect(nb(en.rps(205.4))).toBe('205 rps');
    expect(nb(ru.rps(12.34))).toBe('12,3 зап/с');
    expect(nb(en.span(65 * 60_000))).toBe('1 h 5 min');
    expect(en.time(Date.UTC(2026, 0, 15, 10, 24))).toBe('10:24');
    expect(ru.time(Date.UTC(2026, 0, 15, 10, 24))).toBe('13:24');
  });
});
