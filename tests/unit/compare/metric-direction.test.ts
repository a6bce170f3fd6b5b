import { describe, expect, it } from 'vitest';
import {
  absoluteFloor,
  DEFAULT_FLOORS,
  headlineStat,
  judge,
  keyPanels,
  polarityOf,
} from '../../../src/compare/metric-direction.js';

describe('metric direction', () => {
  it('higher latency, errors or resource use is worse; lower throughput is worse', () => {
    expect(polarityOf('http', 'p95', 'latency_p95', 's')).toBe('higher_worse');
    expect(polarityOf('http', 'error_rate', 'error_rate', 'ratio')).toBe('higher_worse');
    expect(polarityOf('http', 'errors', 'errors', 'rps')).toBe('higher_worse');
    expect(polarityOf('infra', 'cpu', 'gauge', 'ratio')).toBe('higher_worse');
    expect(polarityOf('jvm', 'heap_used', 'gauge', 'bytes')).toBe('higher_worse');
    expect(polarityOf('database', 'pool_pending', 'gauge', 'count')).toBe('higher_worse');
    expect(polarityOf('load', 'rps', 'throughput', 'rps')).toBe('higher_better');
    expect(polarityOf('http', 'rps', 'throughput', 'rps')).toBe('higher_better');
  });

  it('offered load, limits and load-following rates have no good direction', () => {
    expect(polarityOf('load', 'users', 'load', 'count')).toBe('neutral');
    expect(polarityOf('jvm', 'heap_max', 'gauge', 'bytes')).toBe('neutral');
    expect(polarityOf('database', 'pool_max', 'gauge', 'count')).toBe('neutral');
    expect(polarityOf('kafka', 'consume_rate', 'gauge', 'rps')).toBe('neutral');
    expect(polarityOf('infra', 'net_rx', 'gauge', 'bytes')).toBe('neutral');
  });

  it('judges a move by the polarity', () => {
    expect(judge('higher_worse', 'up')).toBe('worse');
    expect(judge('higher_worse', 'down')).toBe('better');
    expect(judge('higher_better', 'down')).toBe('worse');
    expect(judge('higher_better', 'up')).toBe('better');
    expect(judge('neutral', 'up')).toBe('same');
    expect(judge('higher_worse', 'none')).toBe('same');
  });

  it('absolute floors per kind of metric, and the stated statistic', () => {
    expect(absoluteFloor('latency_p95', 's', DEFAULT_FLOORS)).toBe(0.007);
    expect(absoluteFloor('error_rate', 'ratio', DEFAULT_FLOORS)).toBe(0.005);
    expect(absoluteFloor('gauge', 'ratio', DEFAULT_FLOORS)).toBe(0.03);
    expect(absoluteFloor('throughput', 'rps', DEFAULT_FLOORS)).toBe(1);
    expect(absoluteFloor('gauge', 'bytes', DEFAULT_FLOORS)).toBe(32 * 1024 * 1024);
    expect(absoluteFloor('gauge', 'count', { ...DEFAULT_FLOORS, count: 7 })).toBe(7);
    expect(headlineStat('error_rate')).toBe('mean');
    expect(headlineStat('latency_p95')).toBe('p50');
  });

  it('key metrics: one panel per question, the preferred one both runs have', () => {
    const present = new Set([
      'load.rps',
      'http.rps',
      'load.p95',
      'http.error_rate',
      'jvm.process_cpu',
      'infra.net_rx',
    ]);
    const keys = keyPanels((d, p) => present.has(`${d}.${p}`));
    expect([...keys].sort()).toEqual(['http.error_rate', 'jvm.process_cpu', 'load.p95', 'load.rps']);
  });

  it('latency of the server and of the load tool are key side by side, means included', () => {
    const present = new Set([
      'load.rps',
      'load.p95',
      'load.p99',
      'load.avg',
      'http.p95',
      'http.p99',
      'http.avg',
    ]);
    const keys = keyPanels((d, p) => present.has(`${d}.${p}`));
    expect([...keys].sort()).toEqual([
      'http.avg',
      'http.p95',
      'http.p99',
      'load.avg',
      'load.p95',
      'load.p99',
      'load.rps',
    ]);
  });
});
