import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { parseRequestTarget } from '../../../src/web/request-target.js';

const refused = (target: string | undefined) => {
  try {
    parseRequestTarget(target);
  } catch (err) {
    return isLoadLensError(err, 'BAD_INPUT');
  }
  return false;
};

describe('parseRequestTarget', () => {
  it.each([
    '/r/%ZZ',
    '/r/%C0%80',
    '/static/%ZZ',
    '/compare/%ZZ/x',
    '/api/runs/%E0%A4%A/series',
    '//[',
    '//example.com/r/x',
    'http://example.com/r/x',
    '*',
    '',
    '/r/../runs',
    '/r/%2e%2e/runs',
    '/r/%2E/x',
    '/r/a\\..\\b',
    '/r/x#frag',
    '/r/%00',
    '/r/a%0d%0aSet-Cookie:x',
    `/r/${'a'.repeat(9000)}`,
    '/r/%ED%A0%80',
    '/r/%F4%90%80%80',
  ])('refuses %j', (target) => {
    expect(refused(target)).toBe(true);
  });

  it('decodes each segment once and keeps the raw form for static matching', () => {
    const t = parseRequestTarget('/compare/run%2F1/%D0%B0?t=x%ZZ&q=1');
    expect(t.raw).toEqual(['compare', 'run%2F1', '%D0%B0']);
    expect(t.decoded).toEqual(['compare', 'run/1', 'а']);
    expect(t.url.pathname).toBe('/compare/run%2F1/%D0%B0');
    // A lenient query stays for the route's own validation.
    expect(t.url.searchParams.get('q')).toBe('1');
  });

  it('serves a trailing slash and a bare root', () => {
    expect(parseRequestTarget('/runs/').raw).toEqual(['runs', '']);
    expect(parseRequestTarget('/').raw).toEqual(['']);
    expect(refused(undefined)).toBe(true);
  });
});
