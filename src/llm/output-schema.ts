import { z } from 'zod';
import type { NarrativeSection } from './narrative.types.js';

/**
 * What the model must answer for every prompt (a domain or the final one). Limits keep a
 * runaway answer from flooding a chat message.
 */
export const sectionSchema = z.object({
  summary: z.string().trim().min(1).max(2_000),
  findings: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(200),
        evidence: z.string().trim().max(1_000).default(''),
        severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
      }),
    )
    .max(8)
    .default([]),
  recommendations: z.array(z.string().trim().min(1).max(500)).max(8).default([]),
});

/** JSON schema of the answer, for providers that can constrain their output. */
export const sectionJsonSchema: Record<string, unknown> = z.toJSONSchema(sectionSchema, { io: 'input' });

export type ParseResult = { ok: true; value: NarrativeSection } | { ok: false; error: string };

/**
 * The JSON object in a model answer: the whole text, or the part inside a ```json fence,
 * or from the first `{` to the last `}` (models like to add a sentence around it).
 */
export function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  const a = body.indexOf('{');
  const b = body.lastIndexOf('}');
  return a >= 0 && b > a ? body.slice(a, b + 1) : body;
}

/**
 * Parses and validates an answer. The error names what is wrong (for the repair prompt)
 * without quoting the answer, so it is safe to log.
 */
export function parseSection(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(extractJson(text));
  } catch {
    return { ok: false, error: 'the answer is not a JSON object' };
  }
  const r = sectionSchema.safeParse(data);
  if (r.success) {
    const { summary, findings, recommendations } = r.data;
    return {
      ok: true,
      value: {
        summary,
        findings: findings.map((f) => ({
          title: f.title,
          evidence: f.evidence,
          ...(f.severity ? { severity: f.severity } : {}),
        })),
        recommendations,
      },
    };
  }
  const issues = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: `the JSON does not match the schema: ${issues}` };
}
