import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../../src/config/env.schema.js';
import { assetPath } from '../../../src/core/assets.js';

describe('README configuration reference', () => {
  it('documents every environment setting the schema accepts', () => {
    const readme = readFileSync(assetPath('README.md'), 'utf8');
    const missing = Object.keys(envSchema.shape).filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});

describe('README configuration defaults', () => {
  it('every numeric default in the table is the schema default', () => {
    const readme = readFileSync(assetPath('README.md'), 'utf8');
    const shape = envSchema.shape as Record<
      string,
      { safeParse(v: unknown): { success: boolean; data?: unknown } }
    >;
    const wrong: string[] = [];
    let checked = 0;
    for (const line of readme.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length < 4 || !cells[1]?.startsWith('`')) continue;
      const names = [...(cells[1] ?? '').matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1] as string);
      const defaults = (cells[2] ?? '').split(' / ').map((d) => d.trim());
      if (names.length !== defaults.length) continue;
      names.forEach((name, i) => {
        const documented = defaults[i] as string;
        if (!/^\d+$/.test(documented) || !shape[name]) return;
        const actual = shape[name].safeParse(undefined).data;
        checked++;
        if (actual !== Number(documented))
          wrong.push(`${name}: README ${documented}, schema ${String(actual)}`);
      });
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
