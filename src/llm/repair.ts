import type { NarrativeSection } from './narrative.types.js';
import { parseSection, sectionJsonSchema } from './output-schema.js';
import type { LlmProvider, LlmRequest } from './provider.js';

/** Tokens spent by one section, whatever its outcome. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  calls: number;
}

export type ValidatedResult =
  | { ok: true; section: NarrativeSection; repaired: boolean; usage: CallUsage }
  | { ok: false; error: string; usage: CallUsage };

const REPAIR = {
  en: (error: string) =>
    `Your answer could not be used: ${error}. Reply again with only the corrected JSON object ` +
    '(keys: summary, findings, recommendations), no other text.',
  ru: (error: string) =>
    `Ответ нельзя использовать: ${error}. Пришлите заново только исправленный JSON-объект ` +
    '(ключи: summary, findings, recommendations), без другого текста.',
} as const;

/**
 * Asks for one section and validates the answer; a malformed answer gets exactly one repair
 * attempt (the model sees its answer and the validation error). Provider errors propagate
 * (they are retried below, in the provider policy); `usage` counts both calls.
 */
export async function completeValidated(
  provider: LlmProvider,
  req: Omit<LlmRequest, 'jsonSchema' | 'turns'>,
  locale: 'ru' | 'en',
  onUsage: (u: CallUsage) => void,
): Promise<ValidatedResult> {
  const usage: CallUsage = { inputTokens: 0, outputTokens: 0, calls: 0 };
  const call = async (turns?: LlmRequest['turns']) => {
    const res = await provider.complete({
      ...req,
      jsonSchema: sectionJsonSchema,
      ...(turns ? { turns } : {}),
    });
    const u = { inputTokens: res.inputTokens, outputTokens: res.outputTokens, calls: 1 };
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
    usage.calls += 1;
    // Reported at once, so tokens of a call that finishes count even if a later one times out.
    onUsage(u);
    return res.text;
  };

  const first = await call();
  const parsed = parseSection(first);
  if (parsed.ok) return { ok: true, section: parsed.value, repaired: false, usage };

  const second = await call([
    { role: 'assistant', content: first.slice(0, 8_000) || '(empty)' },
    { role: 'user', content: REPAIR[locale](parsed.error) },
  ]);
  const again = parseSection(second);
  if (again.ok) return { ok: true, section: again.value, repaired: true, usage };
  return { ok: false, error: `malformed answer after one repair (${again.error})`, usage };
}
