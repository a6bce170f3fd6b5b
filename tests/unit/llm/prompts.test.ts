import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { loadPrompts, PROMPT_IDS, systemPrompt } from '../../../src/llm/prompts.js';

describe('prompts', () => {
  it('ships one prompt per domain and a final one, in ru and en, plus the rules', () => {
    for (const locale of ['en', 'ru'] as const) {
      const set = loadPrompts(locale);
      expect(Object.keys(set.prompts).sort()).toEqual([...PROMPT_IDS].sort());
      for (const id of PROMPT_IDS) expect(set.prompts[id].length).toBeGreaterThan(100);
      expect(set.rules).toMatch(/JSON/);
      expect(systemPrompt(set, 'http')).toBe(`${set.prompts.http}\n\n${set.rules}`);
    }
    expect(loadPrompts('ru').prompts.http).toMatch(/[а-я]/);
    expect(loadPrompts('en').prompts.http).not.toMatch(/[а-я]/);
  });

  it('applies service overrides: per id, and per id and locale (which wins)', () => {
    const overrides = {
      http: 'Custom HTTP prompt',
      'http.ru': 'Свой промпт HTTP',
      final: '  ',
      typo: 'x',
      'jvm.de': 'y',
    };
    const en = loadPrompts('en', overrides);
    const ru = loadPrompts('ru', overrides);
    expect(en.prompts.http).toBe('Custom HTTP prompt');
    expect(ru.prompts.http).toBe('Свой промпт HTTP');
    // A blank override keeps the packaged prompt.
    expect(en.prompts.final).toBe(loadPrompts('en').prompts.final);
    expect(en.unknownOverrides).toEqual(['typo', 'jvm.de']);
    // The rules are not overridable.
    expect(loadPrompts('en', { rules: 'no rules' }).rules).toBe(en.rules);
  });

  it('fails clearly when a prompt file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadlens-prompts-'));
    try {
      mkdirSync(join(dir, 'en'));
      writeFileSync(join(dir, 'en', 'load.md'), 'x');
      let err: unknown;
      try {
        loadPrompts('en', {}, dir);
      } catch (e) {
        err = e;
      }
      expect(isLoadLensError(err, 'INTERNAL')).toBe(true);
      expect(String(err)).toMatch(/http\.md/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
