import { describe, expect, it } from 'vitest';
import { extractTokens, type NumberToken } from '../../../src/llm/numbers.js';

const nums = (text: string, locale: 'ru' | 'en' = 'en') =>
  extractTokens(text, locale).filter((t): t is NumberToken => t.kind === 'number');

describe('extractTokens', () => {
  it('reads English numbers with units into base units', () => {
    const t = nums('p95 rose from 50 ms to 1.95 s at 210 rps; errors 5.8%; heap 2 GiB; 1,234.5 rps; 0.12');
    expect(t.map((x) => [x.dim, Number(x.base.toPrecision(12))])).toEqual([
      ['time', 0.05],
      ['time', 1.95],
      ['rps', 210],
      ['ratio', 0.058],
      ['bytes', 2 * 1024 ** 3],
      ['rps', 1234.5],
      ['plain', 0.12],
    ]);
    // Half of the last shown digit, in base units.
    expect(t[1]!.half).toBeCloseTo(0.005);
    expect(t[0]!.half).toBeCloseTo(0.0005);
  });

  it('reads Russian formatting: decimal comma, spaces and nbsp grouping, Russian units', () => {
    const t = nums('p95 вырос с 50 мс до 1,95 с при 210 зап/с; ошибок 5,8 %; 1 234,5 зап/с; 1,2 ГиБ', 'ru');
    expect(t.map((x) => [x.dim, Number(x.base.toPrecision(6))])).toEqual([
      ['time', 0.05],
      ['time', 1.95],
      ['rps', 210],
      ['ratio', 0.058],
      ['rps', 1234.5],
      ['bytes', Number((1.2 * 1024 ** 3).toPrecision(6))],
    ]);
  });

  it('applies multipliers, ranges and approximation markers', () => {
    const t = nums('about 1.2k rps, 200–250 rps, from 1.2 to 1.9 s');
    expect(t[0]).toMatchObject({ base: 1200, dim: 'rps', approx: true });
    expect(t[1]).toMatchObject({ base: 200, dim: 'rps' });
    expect(t[3]).toMatchObject({ base: 1.2, dim: 'time' });
    expect(t[4]?.approx).toBe(false);
  });

  it('skips identifiers but not numbers hidden after separators', () => {
    const t = nums('p95 of node-1 on /api/v1/orders/123 and 5xx, then 1,9999 and p95:1900ms');
    expect(t.map((x) => x.raw)).toEqual(['1', '9999', '1900ms']);
  });

  it('reads times of day and dates, and Russian "с" as a preposition before a time', () => {
    const t = extractTokens('ступень 5 с 13:24; 2026-01-15 10:00; 15.01.2026', 'ru');
    expect(t.map((x) => x.kind)).toEqual(['number', 'clock', 'date', 'clock', 'date']);
    expect(t[0]).toMatchObject({ dim: 'plain', value: 5 });
    expect(t[1]).toMatchObject({ minutes: 13 * 60 + 24 });
    expect(t[4]).toMatchObject({ iso: '2026-01-15' });
  });

  it('keeps multiples such as 2x and ×39,1 as numbers', () => {
    expect(nums('2x higher').map((x) => x.value)).toEqual([2]);
    expect(nums('(×39,1)', 'ru').map((x) => x.value)).toEqual([39.1]);
  });
});
