/** USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * List prices of common models (USD per million tokens) at the time of writing. Prices
 * change and gateways differ: `LLM_PRICE_INPUT_PER_MTOK` / `LLM_PRICE_OUTPUT_PER_MTOK`
 * override the table, and an unknown model without an override has no cost (null), which
 * is shown as "unknown" rather than as a made-up number.
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
};

/** Price overrides from the environment (either one may be given alone). */
export interface PriceOverride {
  inputPerMTok?: number;
  outputPerMTok?: number;
}

/**
 * The price of `model`: the longest table key that prefixes the model name (so dated
 * snapshots such as `gpt-4o-mini-2024-07-18` find their family), with env overrides on top.
 * Null when neither the table nor the override prices both directions.
 */
export function priceFor(
  model: string,
  override: PriceOverride = {},
  table: Readonly<Record<string, ModelPrice>> = PRICE_TABLE,
): ModelPrice | null {
  const name = model.toLowerCase().replace(/^.*\//, '');
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (name.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  const base = best === undefined ? undefined : table[best];
  const input = override.inputPerMTok ?? base?.inputPerMTok;
  const output = override.outputPerMTok ?? base?.outputPerMTok;
  return input === undefined || output === undefined ? null : { inputPerMTok: input, outputPerMTok: output };
}

/** Cost in USD of the given tokens, rounded to 1e-6; null without a price. */
export function costUsd(
  usage: { inputTokens: number; outputTokens: number },
  price: ModelPrice | null,
): number | null {
  if (!price) return null;
  const usd = (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6;
  return Math.round(usd * 1e6) / 1e6;
}
