import { describe, expect, it } from 'vitest';
import { analyseWith, gauge, profile } from './fixtures.js';

const findings = analyseWith;

const steady = () => profile({ levels: [100, 150, 200], capacity: 1000, stepSec: 300, seed: 5 });

describe('a process pinned at one core (GIL, event loop)', () => {
  it('is an infra bottleneck when the host still had CPU to spare', () => {
    const s = steady();
    const x = findings(s, [
      gauge(s, 'infra', 'cpu', (_, o) => 0.2 + o / 600),
      gauge(s, 'infra', 'process_cpu', (_, o) => Math.min(0.97, o / 160)),
    ]);
    const f = x.all.find((f) => f.id === 'single_core_bound');
    expect(f, JSON.stringify(x.all.map((f) => f.id))).toBeDefined();
    expect(f?.domain).toBe('infra');
    expect(x.r.bottleneck).toBe('infra');
  });

  it('is never claimed for a JVM, whose work runs on many threads', () => {
    const s = steady();
    const jvm = findings(s, [
      gauge(s, 'infra', 'cpu', (_, o) => 0.2 + o / 600),
      gauge(s, 'infra', 'process_cpu', (_, o) => Math.min(0.97, o / 160)),
      gauge(s, 'jvm', 'heap_used', () => 300 * 1024 ** 2),
    ]);
    expect(jvm.all.some((f) => f.id === 'single_core_bound')).toBe(false);
  });

  it('is not claimed when the process uses two cores, or the host itself is saturated', () => {
    const s = steady();
    const twoCores = findings(s, [
      gauge(s, 'infra', 'cpu', (_, o) => 0.2 + o / 600),
      gauge(s, 'infra', 'process_cpu', (_, o) => o / 100),
    ]);
    expect(twoCores.all.some((f) => f.id === 'single_core_bound')).toBe(false);
    const hostFull = findings(s, [
      gauge(s, 'infra', 'cpu', () => 0.97),
      gauge(s, 'infra', 'process_cpu', () => 0.95),
    ]);
    expect(hostFull.all.some((f) => f.id === 'single_core_bound')).toBe(false);
    expect(hostFull.all.some((f) => f.id === 'cpu_saturation')).toBe(true);
  });
});
