import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../../src/sim/exporters/family.js';
import { writeOpenMetricsParts } from '../../../src/sim/openmetrics.js';

const gauge = (name: string, labels: Record<string, string>, values: number[]): MetricFamily => ({
  name,
  type: 'gauge',
  help: `help of ${name}`,
  series: [{ name, labels, values }],
});

describe('writeOpenMetricsParts', () => {
  it('merges families of one name from several timelines into one contiguous family', () => {
    const text = writeOpenMetricsParts([
      {
        families: [gauge('up_ish', { app: 'a' }, [1, 2]), gauge('only_a', { app: 'a' }, [5, 6])],
        tMs: [1000, 16_000],
      },
      { families: [gauge('up_ish', { app: 'b' }, [3, Number.NaN])], tMs: [61_000, 76_000] },
    ]);
    expect(text).toBe(
      [
        '# HELP up_ish help of up_ish',
        '# TYPE up_ish gauge',
        'up_ish{app="a"} 1 1',
        'up_ish{app="a"} 2 16',
        'up_ish{app="b"} 3 61',
        '# HELP only_a help of only_a',
        '# TYPE only_a gauge',
        'only_a{app="a"} 5 1',
        'only_a{app="a"} 6 16',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('refuses the same series twice, whatever the label order', () => {
    expect(() =>
      writeOpenMetricsParts([
        { families: [gauge('x', { a: '1', b: '2' }, [1])], tMs: [0] },
        { families: [gauge('x', { b: '2', a: '1' }, [2])], tMs: [15_000] },
      ]),
    ).toThrow(/emitted twice/);
  });

  it('refuses one name with two types', () => {
    const counter: MetricFamily = {
      name: 'x',
      type: 'counter',
      help: 'h',
      series: [{ name: 'x_total', labels: { a: '2' }, values: [1] }],
    };
    expect(() =>
      writeOpenMetricsParts([
        { families: [gauge('x', { a: '1' }, [1])], tMs: [0] },
        { families: [counter], tMs: [0] },
      ]),
    ).toThrow(/gauge and counter/);
  });
});
