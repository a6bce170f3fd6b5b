import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';

/** One prompt per domain plus the final one. */
export type PromptId = DomainId | 'final';
export const PROMPT_IDS: readonly PromptId[] = [...DOMAIN_IDS, 'final'];

/** The system prompts of one locale, overrides applied, plus the shared output rules. */
export interface PromptSet {
  locale: 'ru' | 'en';
  prompts: Record<PromptId, string>;
  /** Appended to every system prompt: the JSON contract and the grounding rules. */
  rules: string;
  /** Override keys that name no prompt (worth a warning; they are ignored). */
  unknownOverrides: string[];
}

/** The packaged prompts folder (works from src/ and dist/). */
export function defaultPromptsDir(): string {
  return assetPath('prompts');
}

function read(dir: string, locale: string, name: string): string {
  const path = join(dir, locale, `${name}.md`);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (cause) {
    throw new LoadLensError('INTERNAL', `prompt file ${path} cannot be read`, { cause, retryable: false });
  }
}

/**
 * Loads `prompts/<locale>/<id>.md` and applies a service's overrides
 * (`services.<name>.prompts` in LOADLENS_CONFIG). An override key is a prompt id
 * (`http`, `final`, …), for every locale, or `<id>.<locale>` (`http.ru`), which wins for
 * that locale. The output rules (`rules.md`) are not overridable: grounding relies on them.
 */
export function loadPrompts(
  locale: 'ru' | 'en',
  overrides: Record<string, string> = {},
  dir: string = defaultPromptsDir(),
): PromptSet {
  const prompts = {} as Record<PromptId, string>;
  for (const id of PROMPT_IDS) {
    const own = overrides[`${id}.${locale}`] ?? overrides[id];
    prompts[id] = own !== undefined && own.trim() !== '' ? own.trim() : read(dir, locale, id);
  }
  const known = new Set<string>(PROMPT_IDS.flatMap((id) => [id, `${id}.ru`, `${id}.en`]));
  const unknownOverrides = Object.keys(overrides).filter((k) => !known.has(k));
  return { locale, prompts, rules: read(dir, locale, 'rules'), unknownOverrides };
}

/** The full system prompt of one section. */
export function systemPrompt(set: PromptSet, id: PromptId): string {
  return `${set.prompts[id]}\n\n${set.rules}`;
}
