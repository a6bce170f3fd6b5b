import { fig } from '../figure.js';
import { lagByTopic } from '../key-series.js';
import { lagGrowsOver } from '../peak.js';
import { growsSteadily, maxIn, meanIn, type TimeSeries } from '../signals.js';
import { type Finding, type FindingContext, makeFinding } from './common.js';

interface Growing {
  topic: string;
  fromMs: number;
  toMs: number;
  from: number;
  to: number;
  max: number;
}

/** Level at the edges of a window: the mean of its first and last tenth. */
function edges(s: TimeSeries, a: number, b: number): [number, number] {
  const w = Math.max((b - a) / 10, 1);
  return [meanIn(s, a, a + w) ?? 0, meanIn(s, b - w, b) ?? 0];
}

/**
 * Consumer lag growing steadily (the consumer falls behind), per topic with internal `__`
 * topics ignored: across any load step, or across the whole window when there are no
 * steps. One finding for the topic with the largest lag: high, blaming kafka.
 */
export function kafkaFindings(ctx: FindingContext): Finding[] {
  const { m, steps } = ctx;
  let worst: Growing | null = null;
  for (const { topic, series } of lagByTopic(m)) {
    let win: [number, number] | null = null;
    const first = steps.find((s) => lagGrowsOver(series, s));
    if (first) win = [first.midFromMs, first.midToMs];
    else if (steps.length === 0 && growsSteadily(series, m.fromMs, m.toMs, { minAbsolute: 50 })) {
      win = [m.fromMs, m.toMs];
    }
    if (!win) continue;
    const [from, to] = edges(series, win[0], win[1]);
    const max = maxIn(series, m.fromMs, m.toMs) ?? to;
    if (!worst || max > worst.max) worst = { topic, fromMs: win[0], toMs: win[1], from, to, max };
  }
  if (!worst) return [];
  return [
    makeFinding(ctx, {
      id: 'consumer_lag_growing',
      domain: 'kafka',
      severity: 'high',
      metric: 'kafka.lag',
      atMs: worst.fromMs,
      value: fig(worst.max, 'count', 'window_max'),
      threshold: null,
      bottleneck: 'kafka',
      params: {
        topic: worst.topic,
        from: fig(worst.from, 'count', 'window_mean'),
        to: fig(worst.to, 'count', 'window_mean'),
        dur: fig(worst.toMs - worst.fromMs, 'span'),
        time: fig(worst.fromMs, 'time'),
      },
    }),
  ];
}
