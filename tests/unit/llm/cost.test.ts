import { describe, expect, it } from 'vitest';
import { costUsd, PRICE_TABLE, priceFor } from '../../../src/llm/cost.js';

describe('cost accounting', () => {
  it('finds a model family by the longest prefix, gateway prefixes ignored', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(PRICE_TABLE['gpt-4o-mini']);
    expect(priceFor('gpt-4o-2024-08-06')).toEqual(PRICE_TABLE['gpt-4o']);
    expect(priceFor('openai/gpt-4.1-mini')).toEqual(PRICE_TABLE['gpt-4.1-mini']);
    expect(priceFor('claude-haiku-4-5-20251001')).toEqual(PRICE_TABLE['claude-haiku-4-5']);
  });

  it('is unknown (null) for unpriced models unless the env sets both prices', () => {
    expect(priceFor('llama3.1:8b')).toBeNull();
    expect(priceFor('llama3.1:8b', { inputPerMTok: 0 })).toBeNull();
    expect(priceFor('llama3.1:8b', { inputPerMTok: 0, outputPerMTok: 0 })).toEqual({
      inputPerMTok: 0,
      outputPerMTok: 0,
    });
    // One override on top of the table.
    expect(priceFor('gpt-4o', { outputPerMTok: 1 })).toEqual({ inputPerMTok: 2.5, outputPerMTok: 1 });
  });

  it('multiplies tokens by the per-million prices', () => {
    const usd = costUsd(
      { inputTokens: 12_000, outputTokens: 3_000 },
      { inputPerMTok: 2.5, outputPerMTok: 10 },
    );
    expect(usd).toBeCloseTo(0.03 + 0.03, 9);
    expect(costUsd({ inputTokens: 5, outputTokens: 5 }, null)).toBeNull();
  });
});
