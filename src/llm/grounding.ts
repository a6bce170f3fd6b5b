import type { DomainId } from '../config/file.schema.js';
import type { DroppedClaim, NarrativeSection } from './narrative.types.js';
import { type Dimension, extractTokens, type NumberToken, type Token } from './numbers.js';

/** A number the model was given, in the base unit of its dimension. */
export interface NumFact {
  /** Path in the context pack, e.g. `overall.peak.rps` or `domain.series.http.p95.p95#0`. */
  id: string;
  dim: Dimension;
  base: number;
}

/** Everything a narrative may cite: numbers, times of day, dates. */
export interface Facts {
  nums: NumFact[];
  /** Minutes since midnight. */
  clocks: number[];
  dates: Set<string>;
}

/** Relative tolerance, and the looser one for "about 200 rps". */
export const TOLERANCE = { rel: 0.02, approx: 0.05 } as const;

/**
 * Collects the facts of a context pack (or any JSON): every number leaf (unitless) and
 * every number, time and date written inside its strings (with units), keyed by path.
 */
export function collectFacts(pack: unknown, locale: 'ru' | 'en'): Facts {
  const facts: Facts = { nums: [], clocks: [], dates: new Set() };
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) facts.nums.push({ id: path, dim: 'plain', base: Math.abs(v) });
    } else if (typeof v === 'string') {
      extractTokens(v, locale).forEach((t, k) => {
        addToken(facts, t, `${path}#${k}`);
      });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${path}.${i}`);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(pack, '');
  return facts;
}

function addToken(facts: Facts, t: Token, id: string): void {
  if (t.kind === 'clock') facts.clocks.push(t.minutes);
  else if (t.kind === 'date') facts.dates.add(t.iso);
  else {
    facts.nums.push({ id, dim: t.dim, base: t.base });
    if (t.altBase !== undefined) facts.nums.push({ id, dim: t.dim, base: t.altBase });
  }
}

/** The ways a fact may be written without a unit: 1.9 s as 1.9 or 1900, 12 % as 0.12 or 12. */
function bareForms(f: NumFact): number[] {
  switch (f.dim) {
    case 'time':
      return [f.base, f.base * 1000, f.base / 60];
    case 'ratio':
      return [f.base, f.base * 100];
    case 'bytes':
      return [f.base, ...[1, 2, 3, 4].flatMap((k) => [f.base / 1024 ** k, f.base / 1000 ** k])];
    default:
      return [f.base];
  }
}

const close = (claim: number, fact: number, half: number, rel: number) =>
  Math.abs(claim - fact) <= Math.max(rel * Math.abs(fact), half * (1 + 1e-9), 1e-12);

/**
 * The fact a number token matches, if any: same dimension and equal within the relative
 * tolerance or the rounding of the shown digits. A bare number may match any fact in any of
 * its usual written forms (seconds or milliseconds, ratio or percent, bytes or MiB…).
 */
export function matchNumber(t: NumberToken, facts: Facts): NumFact | undefined {
  const rel = t.approx ? TOLERANCE.approx : TOLERANCE.rel;
  if (t.dim !== 'plain') {
    return facts.nums.find(
      (f) =>
        f.dim === t.dim &&
        (close(t.base, f.base, t.half, rel) ||
          (t.altBase !== undefined && close(t.altBase, f.base, (t.half * t.altBase) / (t.base || 1), rel))),
    );
  }
  return facts.nums.find((f) => bareForms(f).some((form) => close(t.value, form, t.half, rel)));
}

/** A time of day within a minute of one in the pack (the model may round seconds). */
function matchClock(minutes: number, facts: Facts): boolean {
  return facts.clocks.some((c) => {
    const d = Math.abs(c - minutes) % 1440;
    return Math.min(d, 1440 - d) <= 1;
  });
}

/** The tokens of `text` that the facts do not support. */
export function unverifiedTokens(text: string, facts: Facts, locale: 'ru' | 'en'): Token[] {
  return extractTokens(text, locale).filter((t) => {
    if (t.kind === 'clock') return !matchClock(t.minutes, facts);
    if (t.kind === 'date') return !facts.dates.has(t.iso);
    return matchNumber(t, facts) === undefined;
  });
}

/** The placeholder that replaces an unverified number wherever a dropped claim is shown. */
export const MASK = '[?]';

/** `text` with the given tokens replaced by MASK. */
export function maskTokens(text: string, tokens: Token[]): string {
  let out = '';
  let at = 0;
  for (const t of [...tokens].sort((a, b) => a.index - b.index)) {
    out += text.slice(at, t.index) + MASK;
    at = t.end;
  }
  return out + text.slice(at);
}

/** Splits prose into sentences (on . ! ? … and line breaks; decimals stay intact). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface GroundedSection {
  /** Null when nothing of the summary survived: the deterministic text stays. */
  section: NarrativeSection | null;
  dropped: DroppedClaim[];
}

/**
 * Removes every claim with a number, time or date that is not in `facts`: summary
 * sentences one by one, findings and recommendations whole. Dropped claims are returned
 * with the offending numbers masked, so an invented number never leaves this function.
 */
export function groundSection(
  section: NarrativeSection,
  facts: Facts,
  locale: 'ru' | 'en',
  where: DomainId | 'final',
): GroundedSection {
  const dropped: DroppedClaim[] = [];
  const check = (text: string): boolean => {
    const bad = unverifiedTokens(text, facts, locale);
    if (bad.length === 0) return true;
    dropped.push({
      text: maskTokens(text, bad),
      reason: bad.every((t) => t.kind === 'number') ? 'unverified_number' : 'unverified_time',
      section: where,
    });
    return false;
  };
  const summary = splitSentences(section.summary).filter(check).join(' ');
  const findings = section.findings.filter((f) => check(`${f.title}: ${f.evidence}`));
  const recommendations = section.recommendations.filter(check);
  return { section: summary ? { summary, findings, recommendations } : null, dropped };
}
