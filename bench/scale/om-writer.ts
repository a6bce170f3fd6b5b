/**
 * Streams a time span of simulated families to an OpenMetrics file for promtool, without
 * building the exposition as one string: a day of the scale fleet is ~9 GB of text.
 * Each series' label prefix is built once, each tick's ` <ts>\n` once, and the lines are
 * appended to a string flushed through one reused buffer every few MB (V8 concatenation
 * makes a rope, flattened once by the encoding), so the cost per sample is one value format
 * and one append.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { MetricFamily, SampleSeries } from '../../src/sim/exporters/family.js';
import {
  escapeHelp,
  formatTs,
  formatValue,
  labelText,
  type TimedFamilies,
} from '../../src/sim/openmetrics.js';

/** Characters gathered before one write: large writes, few syscalls. */
const FLUSH_CHARS = 8 << 20;

/** A family merged across parts, its series each with the ` <ts>\n` suffixes of its part. */
interface MergedFamily {
  fam: MetricFamily;
  series: { s: SampleSeries; ts: string[] }[];
}

/** Families of the same name across parts merged, in first-seen order, as `writeOpenMetricsParts` does. */
function mergeFamilies(parts: TimedFamilies[]): MergedFamily[] {
  const merged = new Map<string, MergedFamily>();
  for (const part of parts) {
    const ts = part.tMs.map((t) => ` ${formatTs(t)}\n`);
    for (const fam of part.families) {
      const entry = merged.get(fam.name) ?? { fam, series: [] };
      if (entry.fam.type !== fam.type) {
        throw new Error(`metric family ${fam.name} emitted as ${entry.fam.type} and ${fam.type}`);
      }
      merged.set(fam.name, entry);
      for (const s of fam.series) entry.series.push({ s, ts });
    }
  }
  return [...merged.values()];
}

/**
 * Writes ticks [from, to) of every part's series to `file` as one OpenMetrics exposition:
 * each family once (HELP, TYPE, then all its series, each in time order), NaN values left
 * out, a final `# EOF`. Over the whole span it is byte for byte `writeOpenMetricsParts(parts)`;
 * two files of adjacent spans hold, between them, exactly its samples.
 * @returns the samples written.
 */
export function writeSpan(file: string, parts: TimedFamilies[], from: number, to: number): number {
  const fd = openSync(file, 'w');
  // One buffer for every flush (a UTF-16 unit is at most 3 UTF-8 bytes): a fresh one per
  // write cost more in page faults than the encoding itself.
  const buf = Buffer.allocUnsafe(3 * FLUSH_CHARS + 1024);
  const flush = (text: string) => {
    if (3 * text.length > buf.length) writeSync(fd, text);
    else writeSync(fd, buf, 0, buf.write(text, 0, 'utf8'));
  };
  let samples = 0;
  try {
    let out = '';
    for (const { fam, series } of mergeFamilies(parts)) {
      out += `# HELP ${fam.name} ${escapeHelp(fam.help)}\n# TYPE ${fam.name} ${fam.type}\n`;
      for (const { s, ts } of series) {
        const prefix = `${s.name}${labelText(s.labels)} `;
        const values = s.values;
        const end = Math.min(to, values.length);
        for (let i = from; i < end; i++) {
          const v = values[i]!;
          if (Number.isNaN(v)) continue; // no sample at this tick
          out += prefix + formatValue(v) + ts[i];
          samples++;
        }
        if (out.length >= FLUSH_CHARS) {
          flush(out);
          out = '';
        }
      }
    }
    flush(out);
    writeSync(fd, '# EOF\n');
  } finally {
    closeSync(fd);
  }
  return samples;
}
