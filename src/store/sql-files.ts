import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';

const HEADER = /^--\s*name:\s*([a-z][a-z0-9_]*)\s*$/gm;

/**
 * Splits a `.sql` file into named statements: `-- name: foo` starts statement `foo`, which
 * runs to the next header; a trailing `;` and trailing comment lines are dropped.
 */
export function parseNamedQueries(text: string, source = 'sql'): Map<string, string> {
  const out = new Map<string, string>();
  const heads = [...text.matchAll(HEADER)];
  heads.forEach((h, i) => {
    const start = h.index + h[0].length;
    const end = i + 1 < heads.length ? heads[i + 1]!.index : text.length;
    // Comment lines just above the next header document that query, not this one.
    const lines = text.slice(start, end).split('\n');
    while (lines.length > 0 && /^\s*(--.*)?$/.test(lines[lines.length - 1]!)) lines.pop();
    const body = lines.join('\n').trim().replace(/;$/, '');
    if (out.has(h[1]!)) throw new LoadLensError('INTERNAL', `${source}: query "${h[1]}" defined twice`);
    if (!body) throw new LoadLensError('INTERNAL', `${source}: query "${h[1]}" is empty`);
    out.set(h[1]!, body);
  });
  return out;
}

/**
 * Loads `src/store/queries/<file>.sql` once and returns exactly the named statements the
 * caller lists; a missing or an unexpected name fails at construction, not mid-request.
 */
export function loadQueries<N extends string>(
  file: string,
  names: readonly N[],
  dir: string = assetPath('src', 'store', 'queries'),
): Record<N, string> {
  const path = join(dir, `${file}.sql`);
  const all = parseNamedQueries(readFileSync(path, 'utf8'), `${file}.sql`);
  const out = {} as Record<N, string>;
  for (const n of names) {
    const q = all.get(n);
    if (q === undefined) throw new LoadLensError('INTERNAL', `${file}.sql: query "${n}" not found`);
    out[n] = q;
  }
  const extra = [...all.keys()].filter((k) => !(names as readonly string[]).includes(k));
  if (extra.length > 0)
    throw new LoadLensError('INTERNAL', `${file}.sql: unused queries ${extra.join(', ')}`);
  return out;
}
