/** A minimal OpenMetrics reader for the simulator tests (strict about what the simulator writes). */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  ts: number;
}

export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const SAMPLE_RE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+) (\d+(?:\.\d+)?)$/;
const LABEL_RE = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Sample names a family of each type may use. */
export function allowedSampleNames(fam: string, type: string): string[] {
  switch (type) {
    case 'counter':
      return [`${fam}_total`, `${fam}_created`];
    case 'histogram':
      return [`${fam}_bucket`, `${fam}_count`, `${fam}_sum`, `${fam}_created`];
    case 'summary':
      return [fam, `${fam}_count`, `${fam}_sum`, `${fam}_created`];
    default:
      return [fam];
  }
}

/** Parses an exposition; throws on any line that is not HELP/TYPE/sample/EOF or breaks family rules. */
export function parseOpenMetrics(text: string): Family[] {
  const lines = text.split('\n');
  if (lines.at(-1) !== '' || lines.at(-2) !== '# EOF') throw new Error('exposition must end with "# EOF\\n"');
  const out: Family[] = [];
  let cur: Family | undefined;
  let pendingHelp: { name: string; help: string } | undefined;
  for (let k = 0; k < lines.length - 2; k++) {
    const line = lines[k]!;
    if (line.startsWith('# HELP ')) {
      const [, name, help] = /^# HELP (\S+) (.*)$/.exec(line) ?? [];
      if (!name) throw new Error(`bad HELP line ${k}: ${line}`);
      pendingHelp = { name, help: help ?? '' };
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, name, type] = /^# TYPE (\S+) (counter|gauge|histogram|summary|unknown)$/.exec(line) ?? [];
      if (!name || !type) throw new Error(`bad TYPE line ${k}: ${line}`);
      if (out.some((f) => f.name === name)) throw new Error(`family ${name} is not contiguous`);
      cur = { name, type, help: pendingHelp?.name === name ? pendingHelp.help : '', samples: [] };
      out.push(cur);
      continue;
    }
    const m = SAMPLE_RE.exec(line);
    if (!m || !cur) throw new Error(`bad sample line ${k}: ${line}`);
    const name = m[1]!;
    if (!allowedSampleNames(cur.name, cur.type).includes(name)) {
      throw new Error(`sample ${name} outside its family (current ${cur.name}, ${cur.type})`);
    }
    const labels: Record<string, string> = {};
    for (const lm of (m[3] ?? '').matchAll(LABEL_RE)) labels[lm[1]!] = lm[2]!;
    cur.samples.push({ name, labels, value: Number(m[4]), ts: Number(m[5]) });
  }
  return out;
}

export interface SeriesData {
  name: string;
  labels: Record<string, string>;
  t: number[];
  v: number[];
}

/** Groups a family's samples into series (keyed by sample name and labels). */
export function seriesOf(fam: Family, sampleName?: string): SeriesData[] {
  const map = new Map<string, SeriesData>();
  for (const s of fam.samples) {
    if (sampleName && s.name !== sampleName) continue;
    const key = s.name + JSON.stringify(s.labels);
    let cur = map.get(key);
    if (!cur) {
      cur = { name: s.name, labels: s.labels, t: [], v: [] };
      map.set(key, cur);
    }
    cur.t.push(s.ts);
    cur.v.push(s.value);
  }
  return [...map.values()];
}

/** Index of parsed families by name. */
export function byName(families: Family[]): Map<string, Family> {
  return new Map(families.map((f) => [f.name, f]));
}
