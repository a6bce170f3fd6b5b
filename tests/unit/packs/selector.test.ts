import { describe, expect, it } from 'vitest';
import {
  normaliseSelector,
  rateWindow,
  selectorMatchers,
  withSelector,
} from '../../../src/packs/selector.js';
import { expandPromPlaceholders } from '../../../src/packs/user-queries.js';

describe('withSelector', () => {
  it('leaves a bare metric when there are no matchers', () => {
    expect(withSelector('up', '')).toBe('up');
    expect(withSelector('up', '  ', ['', ' '])).toBe('up');
  });

  it('injects a single matcher', () => {
    expect(withSelector('up', 'job="api"')).toBe('up{job="api"}');
  });

  it('joins several matchers and extras without stray commas', () => {
    expect(withSelector('m', 'a="1", b=~"x|y",', 'status=~"5.."')).toBe('m{a="1", b=~"x|y",status=~"5.."}');
    expect(withSelector('m', ',a="1"', ['c!="", ', 'd="2"'])).toBe('m{a="1",c!="",d="2"}');
    expect(withSelector('m', '', 'mode="idle"')).toBe('m{mode="idle"}');
  });

  it('accepts a selector written with braces', () => {
    expect(normaliseSelector(' {application="orders"} ')).toBe('application="orders"');
    expect(withSelector('m', '{application="orders"}')).toBe('m{application="orders"}');
  });

  it('gives match[] only for a non-empty selector', () => {
    expect(selectorMatchers('')).toBeUndefined();
    expect(selectorMatchers('scenario="a"')).toEqual(['{scenario="a"}']);
  });
});

describe('rateWindow', () => {
  it('is four steps but at least a minute', () => {
    expect(rateWindow(5)).toBe('1m');
    expect(rateWindow(15)).toBe('1m');
    expect(rateWindow(30)).toBe('2m');
    expect(rateWindow(120)).toBe('8m');
    expect(rateWindow(25)).toBe('100s');
  });
});

describe('user PromQL placeholders', () => {
  const p = { rateWindow: '2m', stepSec: 30, selector: 'app="o"' };
  it('fills the Grafana-style names', () => {
    expect(expandPromPlaceholders('rate(x{$selector}[$__rate_interval]) + $__interval', p)).toBe(
      'rate(x{app="o"}[2m]) + 30s',
    );
  });
  it('drops commas around an empty selector', () => {
    const empty = { ...p, selector: '' };
    expect(
      expandPromPlaceholders('x{$selector,code="500"} / y{code="1", $selector} / z{$selector}', empty),
    ).toBe('x{code="500"} / y{code="1"} / z{}');
  });
  it('keeps a $ inside the selector literally', () => {
    expect(expandPromPlaceholders('x{$selector}', { ...p, selector: 'path=~".*/$"' })).toBe(
      'x{path=~".*/$"}',
    );
  });
});
