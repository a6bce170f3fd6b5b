import { describe, expect, it } from 'vitest';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';
import { isFilterDay, parsePickedRuns, parseRunsQuery } from '../../../src/web/query-filters.js';

const q = (s: string) => new URL(`http://x/runs?${s}`);
const refusal = (fn: () => unknown): LoadLensError | null => {
  try {
    fn();
    return null;
  } catch (err) {
    if (isLoadLensError(err, 'BAD_INPUT')) return err;
    throw err;
  }
};

describe('runs list filters (zod)', () => {
  it('parses the form as browsers send it, empty fields meaning no filter', () => {
    expect(parseRunsQuery(q('service=&verdict=&since=&until=&q='))).toEqual({ page: 0 });
    expect(
      parseRunsQuery(q('service=orders&verdict=fail&since=2026-03-01&until=2026-03-02&q=%20peak%20&page=3')),
    ).toEqual({
      service: 'orders',
      verdict: 'fail',
      since: '2026-03-01',
      until: '2026-03-02',
      q: 'peak',
      page: 3,
    });
  });

  it.each([
    ['q=%00', 'badFilterText', 'search'],
    ['service=%00', 'badFilterText', 'service'],
    ['q=a%0Ab', 'badFilterText', 'search'],
    [`q=${'x'.repeat(201)}`, 'badFilterText', 'search'],
    ['since=9999-99-99', 'badFilterDate', 'since'],
    ['until=2026-02-30', 'badFilterDate', 'until'],
    ['since=9999-12-31', 'badFilterDate', 'since'],
    ['since=2026-3-1', 'badFilterDate', 'since'],
    ['since=2026-03-02&until=2026-03-01', 'badFilterOrder', 'since'],
    ['verdict=great', 'badFilterVerdict', undefined],
    ['page=-1', 'badFilterPage', undefined],
    ['page=1e3', 'badFilterPage', undefined],
    ['page=10001', 'badFilterPage', undefined],
  ])('refuses %s with 400 and the page text %s', (query, key, field) => {
    const err = refusal(() => parseRunsQuery(q(query)));
    expect(err?.details).toEqual({ webText: key, ...(field ? { field } : {}) });
    // The log message names the parameter, never the value.
    expect(err?.message).not.toContain('9999');
  });

  it('knows real days only, 1970 to 2100', () => {
    expect(isFilterDay('2024-02-29')).toBe(true);
    expect(isFilterDay('2023-02-29')).toBe(false);
    expect(isFilterDay('1969-12-31')).toBe(false);
    expect(isFilterDay('2100-12-31')).toBe(true);
  });

  it('picked runs: distinct non-empty ids; control characters or overlong ids refused', () => {
    expect(parsePickedRuns(q('run=a&run=&run=b&run=a'))).toEqual(['a', 'b']);
    expect(refusal(() => parsePickedRuns(q('run=a&run=%00')))?.details.webText).toBe('badFilterRun');
    expect(refusal(() => parsePickedRuns(q(`run=${'r'.repeat(101)}`)))?.details.webText).toBe('badFilterRun');
  });
});
