/**
 * Finds the numbers in a text together with their units, the way engineers write them in
 * English and Russian: `1.9 s`, `1900 ms`, `12%`, `12 %`, `0.12`, `205 rps`, `205 зап/с`,
 * `2 GiB`, `1,2 ГиБ`, `1 234,5`, `1,234.5`, `1.2k`, times of day `13:05`, dates.
 * Grounding compares what it finds with the context pack.
 */

/** What a unit measures; values are converted to the base unit of their dimension. */
export type Dimension = 'time' | 'ratio' | 'bytes' | 'rps' | 'cores' | 'plain';

export interface NumberToken {
  kind: 'number';
  /** The exact text, unit included. */
  raw: string;
  index: number;
  end: number;
  /** Absolute value as written, in its own unit (multipliers such as `k` applied). */
  value: number;
  dim: Dimension;
  /** Value in the base unit: seconds, ratio (0..1), bytes, rps, cores. */
  base: number;
  /** Half of the last shown digit, in base units: the rounding the writer may have done. */
  half: number;
  /** Base units per written unit (1 for bare numbers). */
  factor: number;
  /** Decimal byte units (KB, MB…) are often used for binary ones: the alternative base. */
  altBase?: number;
  /** Preceded by "about", "~", "около"…: a looser tolerance applies. */
  approx: boolean;
}

export interface ClockToken {
  kind: 'clock';
  raw: string;
  index: number;
  end: number;
  /** Minutes since midnight. */
  minutes: number;
}

export interface DateToken {
  kind: 'date';
  raw: string;
  index: number;
  end: number;
  /** `YYYY-MM-DD`. */
  iso: string;
}

export type Token = NumberToken | ClockToken | DateToken;

interface UnitDef {
  dim: Dimension;
  factor: number;
  alt?: number;
}

const KI = 1024;
const UNIT_WORDS: Array<[string[], UnitDef]> = [
  [['ns', 'нс'], { dim: 'time', factor: 1e-9 }],
  [['µs', 'μs', 'us', 'мкс'], { dim: 'time', factor: 1e-6 }],
  [
    ['milliseconds', 'millisecond', 'msec', 'ms', 'миллисекунды', 'миллисекунд', 'миллисекунда', 'мс'],
    {
      dim: 'time',
      factor: 1e-3,
    },
  ],
  [
    ['seconds', 'second', 'secs', 'sec', 's', 'секунды', 'секунду', 'секунда', 'секунд', 'сек', 'с'],
    {
      dim: 'time',
      factor: 1,
    },
  ],
  [
    ['minutes', 'minute', 'mins', 'min', 'минуты', 'минуту', 'минута', 'минут', 'мин'],
    { dim: 'time', factor: 60 },
  ],
  [['hours', 'hour', 'hrs', 'hr', 'h', 'часов', 'часа', 'час', 'ч'], { dim: 'time', factor: 3600 }],
  [
    [
      'percentage points',
      'percent',
      'per cent',
      'pp',
      'процентов',
      'процента',
      'процент',
      'п.п.',
      'п. п.',
      '%',
    ],
    {
      dim: 'ratio',
      factor: 0.01,
    },
  ],
  [
    [
      'requests per second',
      'requests/s',
      'req/sec',
      'req/s',
      'reqs/s',
      'rps',
      'r/s',
      'tps',
      'ops/s',
      'msg/s',
    ],
    {
      dim: 'rps',
      factor: 1,
    },
  ],
  [['запросов в секунду', 'запросов/с', 'запр/с', 'зап/с', 'rps'], { dim: 'rps', factor: 1 }],
  [['bytes', 'byte', 'байтов', 'байта', 'байт', 'B', 'Б'], { dim: 'bytes', factor: 1 }],
  [['KiB', 'КиБ'], { dim: 'bytes', factor: KI }],
  [['MiB', 'МиБ'], { dim: 'bytes', factor: KI ** 2 }],
  [['GiB', 'ГиБ'], { dim: 'bytes', factor: KI ** 3 }],
  [['TiB', 'ТиБ'], { dim: 'bytes', factor: KI ** 4 }],
  [['KB', 'kB', 'КБ', 'Кб'], { dim: 'bytes', factor: 1e3, alt: KI }],
  [['MB', 'МБ', 'Мб'], { dim: 'bytes', factor: 1e6, alt: KI ** 2 }],
  [['GB', 'ГБ', 'Гб'], { dim: 'bytes', factor: 1e9, alt: KI ** 3 }],
  [['TB', 'ТБ'], { dim: 'bytes', factor: 1e12, alt: KI ** 4 }],
  [['cores', 'core', 'vcpu', 'ядер', 'ядра', 'ядро'], { dim: 'cores', factor: 1 }],
  // "2x", "×3", "в 2 раза": a multiple is still a number to check, not a name like "5xx".
  [['x', '×', 'раза', 'раз'], { dim: 'plain', factor: 1 }],
];

const UNIT_LOOKUP = new Map<string, UnitDef>();
for (const [words, def] of UNIT_WORDS) for (const w of words) UNIT_LOOKUP.set(w.toLowerCase(), def);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '[ \\u00a0]');
const UNIT_ALT = [...UNIT_LOOKUP.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escapeRe)
  .join('|');

const SP = '[ \\u00a0\\u202f\\u2009]';
/** Multipliers written after a number: `1.2k`, `3 тыс.`, `1,5 млн`. */
const MULT = `(?:(?<mk>[kK])(?![\\p{L}])|${SP}?(?<mt>тыс\\.?|млн\\.?|thousand|million))`;
const NUM_EN = `(?<int>\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d{1,3}(?:${SP}\\d{3})+(?!\\d)|\\d+)(?<frac>\\.\\d+)?`;
const NUM_RU = `(?<int>\\d{1,3}(?:${SP}\\d{3})+(?!\\d)|\\d+)(?<frac>[.,]\\d+)?`;
const DATE = '(?<date>\\d{4}-\\d{2}-\\d{2}|\\d{2}\\.\\d{2}\\.\\d{4})';
const CLOCK = '(?<clock>(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?)(?!\\d)';
/** Identifiers are not claims: `p95`, `node-1`, `v2`, `/api/v1`, `orders_3`. */
const NOT_IDENT = '(?<![\\p{L}\\p{N}_/\\\\]|[\\p{L}\\p{N}_]\\.|[\\p{L}_]-)';
const UNIT = `(?:${SP}?(?<unit>${UNIT_ALT})(?![\\p{L}\\p{N}]))?`;

function buildRe(num: string): RegExp {
  return new RegExp(`${NOT_IDENT}(?:${DATE}|${CLOCK}|(?<num>${num})${MULT}?${UNIT})`, 'giu');
}
const RE = { en: buildRe(NUM_EN), ru: buildRe(NUM_RU) };

const APPROX =
  /(?:~|≈|\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|около|примерно|почти|порядка|приблизительно|где-то)\s*$/iu;
const RANGE_GAP = /^\s*(?:-|–|—|to|до|and|и|\.\.\.?|…)\s*$/iu;

function parseNumber(int: string, frac: string | undefined): { value: number; decimals: number } {
  const digits = int.replace(/[ ,\u00a0\u202f\u2009]/g, '');
  const f = frac ? frac.slice(1) : '';
  return { value: Number(`${digits}${f ? '.' + f : ''}`), decimals: f.length };
}

function clockMinutes(raw: string): number {
  const [h, m] = raw.split(':');
  return Number(h) * 60 + Number(m);
}

function dateIso(raw: string): string {
  if (raw.includes('-')) return raw;
  const [d, m, y] = raw.split('.');
  return `${y}-${m}-${d}`;
}

function numberToken(
  m: RegExpExecArray,
  g: Record<string, string | undefined>,
  text: string,
): NumberToken | null {
  const end = m.index + m[0].length;
  // `5xx`, `2nd`, `3-й`: a number glued to letters is a name, not a quantity.
  if (!g.unit && /^(?:[\p{L}_]|-[\p{L}])/u.test(text.slice(end, end + 2))) return null;
  const { value: rawValue, decimals } = parseNumber(g.int!, g.frac);
  const mult = g.mk ? 1e3 : g.mt ? (/^(?:млн|million)/i.test(g.mt) ? 1e6 : 1e3) : 1;
  const unitWord = g.unit?.replace(/[ \u00a0]/g, ' ').toLowerCase();
  // Russian "с" is also "from": "ступень 5 с 13:24" is step 5 from 13:24, not 5 seconds.
  const preposition = unitWord === 'с' && /^\s+\d/.test(text.slice(end));
  const unit = unitWord && !preposition ? UNIT_LOOKUP.get(unitWord) : undefined;
  const def: UnitDef = unit ?? { dim: 'plain', factor: 1 };
  const value = rawValue * mult;
  const half = 0.5 * 10 ** -decimals * mult * def.factor;
  return {
    kind: 'number',
    raw: m[0],
    index: m.index,
    end,
    value,
    dim: def.dim,
    base: value * def.factor,
    half,
    factor: def.factor,
    ...(def.alt ? { altBase: value * def.alt } : {}),
    approx: APPROX.test(text.slice(Math.max(0, m.index - 16), m.index)),
  };
}

/** `200–250 rps`, `from 1.2 to 1.9 s`: a bare number takes the unit of the range's end. */
function inheritRangeUnits(tokens: Token[], text: string): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.kind !== 'number' || b.kind !== 'number' || a.dim !== 'plain' || b.dim === 'plain') continue;
    if (!RANGE_GAP.test(text.slice(a.end, b.index))) continue;
    tokens[i] = { ...a, dim: b.dim, base: a.value * b.factor, half: a.half * b.factor, factor: b.factor };
  }
}

/** Every number, time of day and date in `text`, in order. */
export function extractTokens(text: string, locale: 'ru' | 'en'): Token[] {
  const re = RE[locale];
  re.lastIndex = 0;
  const out: Token[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const g = m.groups ?? {};
    const end = m.index + m[0].length;
    if (g.date) out.push({ kind: 'date', raw: m[0], index: m.index, end, iso: dateIso(g.date) });
    else if (g.clock)
      out.push({ kind: 'clock', raw: m[0], index: m.index, end, minutes: clockMinutes(g.clock) });
    else {
      const t = numberToken(m, g, text);
      if (t) out.push(t);
    }
  }
  inheritRangeUnits(out, text);
  return out;
}
