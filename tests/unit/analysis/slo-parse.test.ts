import { describe, expect, it } from 'vitest';
import { parseSlo, sloGrammarHelp, sloHolds } from '../../../src/analysis/slo-parse.js';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';

describe('parseSlo', () => {
  it.each([
    ['p95<500ms', 'p95', '<', 500, 'ms'],
    ['p99<=1s', 'p99', '<=', 1000, 'ms'],
    ['p99 <= 1.5 s', 'p99', '<=', 1500, 'ms'],
    ['avg<200ms', 'avg', '<', 200, 'ms'],
    ['p50<80', 'p50', '<', 80, 'ms'],
    ['p90<0,3s', 'p90', '<', 300, 'ms'],
    ['error_rate<1%', 'error_rate', '<', 0.01, 'ratio'],
    ['error_rate<0.01', 'error_rate', '<', 0.01, 'ratio'],
    ['rps>=200', 'rps', '>=', 200, 'rps'],
    ['RPS > 150rps', 'rps', '>', 150, 'rps'],
    ['cpu<80%', 'cpu', '<', 0.8, 'ratio'],
    ['memory<2GiB', 'memory', '<', 2 * 1024 ** 3, 'bytes'],
    ['memory<512MiB', 'memory', '<', 512 * 1024 ** 2, 'bytes'],
    ['memory<1.5GB', 'memory', '<', 1.5e9, 'bytes'],
  ])('%s', (expr, indicator, op, value, unit) => {
    const slo = parseSlo(expr);
    expect(slo).toMatchObject({ indicator, op, unit });
    expect(slo.value).toBeCloseTo(value as number, 6);
  });

  it.each([
    ['p95', 'expected'],
    ['p95 500ms', 'expected'],
    ['p95<fast', 'expected'],
    ['p97<500ms', 'unknown indicator "p97"'],
    ['latency<1s', 'unknown indicator "latency"'],
    ['p95<500GiB', 'unit "gib" does not fit p95'],
    ['error_rate<5', 'fraction between 0 and 1'],
    ['cpu<2cores', 'unit "cores" does not fit cpu'],
    ['rps>=200ms', 'unit "ms" does not fit rps'],
    ['memory<2parsecs', 'unit "parsecs" does not fit memory'],
    ['p95=500ms', 'expected'],
  ])('rejects %s', (expr, reason) => {
    let caught: unknown;
    try {
      parseSlo(expr);
    } catch (err) {
      caught = err;
    }
    expect(isLoadLensError(caught, 'BAD_INPUT')).toBe(true);
    const e = caught as LoadLensError;
    expect(e.message).toContain(`"${expr}"`);
    expect(e.message).toContain(reason);
    expect(e.message).toContain('<indicator><op><number><unit>');
    expect(e.details.expr).toBe(expr);
    expect(e.retryable).toBe(false);
  });

  it('explains the error in Russian', () => {
    expect(() => parseSlo('p97<1s', 'ru')).toThrow(
      /Не удалось разобрать SLO «p97<1s»: неизвестный показатель «p97»/,
    );
    expect(() => parseSlo('p97<1s', 'ru')).toThrow(/<показатель><оператор><число><единица>/);
  });
});

describe('sloGrammarHelp', () => {
  it('lists indicators and operators in both languages', () => {
    for (const locale of ['en', 'ru'] as const) {
      const help = sloGrammarHelp(locale);
      for (const word of [
        'p50',
        'p90',
        'p95',
        'p99',
        'avg',
        'error_rate',
        'rps',
        'cpu',
        'memory',
        '<=',
        '>=',
      ]) {
        expect(help).toContain(word);
      }
    }
    expect(sloGrammarHelp('en')).toMatch(/^SLO format/);
    expect(sloGrammarHelp('ru')).toMatch(/^Формат SLO/);
  });
});

describe('sloHolds', () => {
  it('applies every operator', () => {
    expect(sloHolds({ op: '<', value: 5 }, 5)).toBe(false);
    expect(sloHolds({ op: '<=', value: 5 }, 5)).toBe(true);
    expect(sloHolds({ op: '>', value: 5 }, 5)).toBe(false);
    expect(sloHolds({ op: '>=', value: 5 }, 5)).toBe(true);
  });
});
