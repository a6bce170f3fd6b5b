import { describe, expect, it } from 'vitest';
import { extractJson, parseSection, sectionJsonSchema } from '../../../src/llm/output-schema.js';
import type { LlmProvider, LlmRequest } from '../../../src/llm/provider.js';
import { completeValidated } from '../../../src/llm/repair.js';

const GOOD = {
  summary: 'Peak 200 rps.',
  findings: [{ title: 'Knee', evidence: 'p95 1.9 s' }],
  recommendations: [],
};

/** A provider answering from a list, recording what it was asked. */
function scripted(answers: string[]): LlmProvider & { seen: LlmRequest[] } {
  const seen: LlmRequest[] = [];
  return {
    name: 'test',
    model: 'test-model',
    seen,
    async complete(req) {
      seen.push(req);
      const text = answers[seen.length - 1] ?? '';
      return { text, inputTokens: 100, outputTokens: 10 };
    },
  };
}

describe('output schema', () => {
  it('accepts a valid answer, also wrapped in prose or a code fence, with defaults', () => {
    expect(parseSection(JSON.stringify(GOOD))).toEqual({ ok: true, value: GOOD });
    expect(parseSection('Here you go:\n```json\n' + JSON.stringify(GOOD) + '\n```')).toMatchObject({
      ok: true,
    });
    expect(parseSection('{"summary":"Only a summary."}')).toEqual({
      ok: true,
      value: { summary: 'Only a summary.', findings: [], recommendations: [] },
    });
    expect(extractJson('blah {"a":1} blah')).toBe('{"a":1}');
  });

  it('rejects malformed answers with an error that does not quote them', () => {
    const notJson = parseSection('The p95 was 9876 ms, all fine.');
    expect(notJson).toEqual({ ok: false, error: 'the answer is not a JSON object' });
    const wrong = parseSection('{"summary": 9876, "findings": [{"severity": "huge"}]}');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error).toMatch(/summary/);
      expect(wrong.error).toMatch(/findings\.0\.title/);
      expect(wrong.error).not.toContain('9876');
    }
  });

  it('exports a JSON schema for providers that constrain output', () => {
    expect(sectionJsonSchema).toMatchObject({ type: 'object', properties: { summary: { type: 'string' } } });
  });
});

describe('completeValidated', () => {
  const req = { system: 'sys', user: 'facts' };

  it('returns a valid first answer without repair', async () => {
    const p = scripted([JSON.stringify(GOOD)]);
    const usage: number[] = [];
    const r = await completeValidated(p, req, 'en', (u) => usage.push(u.inputTokens));
    expect(r).toMatchObject({ ok: true, repaired: false, section: GOOD });
    expect(p.seen).toHaveLength(1);
    expect(p.seen[0]!.jsonSchema).toBe(sectionJsonSchema);
    expect(usage).toEqual([100]);
  });

  it('repairs once: the model sees its answer and the validation error', async () => {
    const p = scripted(['not json at all', JSON.stringify(GOOD)]);
    const r = await completeValidated(p, req, 'ru', () => {});
    expect(r).toMatchObject({
      ok: true,
      repaired: true,
      usage: { calls: 2, inputTokens: 200, outputTokens: 20 },
    });
    expect(p.seen[1]!.turns).toEqual([
      { role: 'assistant', content: 'not json at all' },
      { role: 'user', content: expect.stringContaining('the answer is not a JSON object') },
    ]);
    expect(p.seen[1]!.turns![1]!.content).toMatch(/^Ответ нельзя использовать/);
  });

  it('gives up after exactly one repair', async () => {
    const p = scripted(['nope', '{"summary": ""}', JSON.stringify(GOOD)]);
    const r = await completeValidated(p, req, 'en', () => {});
    expect(r.ok).toBe(false);
    expect(p.seen).toHaveLength(2);
    if (!r.ok) expect(r.error).toMatch(/^malformed answer after one repair/);
  });
});
