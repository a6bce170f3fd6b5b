import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assetPath } from '../../../src/core/assets.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { newId } from '../../../src/store/ids.js';
import { loadMigrations } from '../../../src/store/migrate.js';
import { loadQueries, parseNamedQueries } from '../../../src/store/sql-files.js';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('named query files', () => {
  it("splits on headers and drops trailing semicolons and the next query's comments", () => {
    const q = parseNamedQueries(
      '-- file comment\n\n-- name: one\nSELECT 1;\n\n-- about two\n-- name: two\nSELECT $1\n  FROM t;\n',
    );
    expect([...q.entries()]).toEqual([
      ['one', 'SELECT 1'],
      ['two', 'SELECT $1\n  FROM t'],
    ]);
  });

  it('refuses duplicates, empty bodies, missing and unused names', () => {
    const dir = tempDir('loadlens-sql-');
    writeFileSync(join(dir, 'x.sql'), '-- name: a\nSELECT 1;\n-- name: b\nSELECT 2;\n');
    expect(loadQueries('x', ['a', 'b'] as const, dir)).toEqual({ a: 'SELECT 1', b: 'SELECT 2' });
    for (const bad of [
      () => loadQueries('x', ['a', 'b', 'c'] as const, dir),
      () => loadQueries('x', ['a'] as const, dir),
      () => parseNamedQueries('-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;'),
      () => parseNamedQueries('-- name: a\n;\n-- name: b\nSELECT 2;'),
    ]) {
      expect(bad).toThrow();
    }
  });

  it('ships only well-formed query files', () => {
    const dir = assetPath('src', 'store', 'queries');
    for (const f of readdirSync(dir)) {
      const q = parseNamedQueries(readFileSync(join(dir, f), 'utf8'), f);
      expect(q.size, f).toBeGreaterThan(0);
      for (const [name, sql] of q) expect(sql, `${f}:${name}`).not.toMatch(/;\s*\S/);
    }
  });
});

describe('migration files', () => {
  it('are numbered without gaps or duplicates', () => {
    const ms = loadMigrations();
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1));
  });

  it('refuses stray names and duplicate versions', () => {
    const bad = tempDir('loadlens-mig-');
    writeFileSync(join(bad, '1_init.sql'), 'SELECT 1;');
    expect(() => loadMigrations(bad)).toThrow(/001_name\.sql/);
    const dup = tempDir('loadlens-mig-');
    writeFileSync(join(dup, '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dup, '001_b.sql'), 'SELECT 1;');
    let err: unknown;
    try {
      loadMigrations(dup);
    } catch (e) {
      err = e;
    }
    expect(isLoadLensError(err, 'MIGRATION_FAILED')).toBe(true);
    expect(() => loadMigrations(join(bad, 'missing'))).toThrow(/cannot read migrations/);
  });
});

describe('newId', () => {
  it('is 26 lower-case base32 characters that sort by time', () => {
    const a = newId(Date.UTC(2025, 0, 1));
    const b = newId(Date.UTC(2025, 0, 1, 0, 0, 0, 1));
    const c = newId(Date.UTC(2031, 5, 1));
    expect(a).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect([c, a, b].sort()).toEqual([a, b, c]);
    expect(newId(0).slice(0, 10)).toBe('0000000000');
    expect(new Set(Array.from({ length: 200 }, () => newId(1))).size).toBe(200);
  });
});
