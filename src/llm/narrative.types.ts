import type { DomainId } from '../config/file.schema.js';

/**
 * The LLM narrative of one run: a readable explanation next to the deterministic report.
 * It is a separate object on purpose: the verdict, the peak and the SLO results live only
 * in the report and nothing here can change them. Every number in its texts was checked
 * against the context pack; what could not be checked was dropped (and is listed, with the
 * unverified numbers masked, in `dropped`).
 */
export interface Narrative {
  /**
   * `ok`: every section was written; `partial`: some sections failed (their deterministic
   * text stays); `failed`: no section could be used; `timeout`: the deadline came first
   * (sections finished by then are kept).
   */
  status: NarrativeStatus;
  /** Narrated domains; a missing domain keeps its deterministic summary. */
  domains: Partial<Record<DomainId, NarrativeSection>>;
  /** The closing summary over all domains. */
  final?: NarrativeSection;
  /** Claims removed by grounding; numbers that could not be verified are masked as `[?]`. */
  dropped: DroppedClaim[];
  usage: NarrativeUsage;
  provider: string;
  model: string;
  locale: 'ru' | 'en';
  /** Short, user-safe reason when status is not `ok` (never contains model output). */
  error?: string;
  /** ISO 8601 time the narrative was finished. */
  createdAt: string;
  durationMs: number;
}

export type NarrativeStatus = 'ok' | 'partial' | 'failed' | 'timeout';

/** One narrated section (a domain or the final summary), after validation and grounding. */
export interface NarrativeSection {
  summary: string;
  findings: NarrativeFinding[];
  recommendations: string[];
}

export interface NarrativeFinding {
  title: string;
  evidence: string;
  severity?: 'critical' | 'high' | 'medium' | 'low';
}

/** A claim removed because one of its numbers is not in the context pack. */
export interface DroppedClaim {
  /** The claim with every unverified number replaced by `[?]`. */
  text: string;
  reason: 'unverified_number' | 'unverified_time';
  /** Domain id or `final`. */
  section: DomainId | 'final';
}

/** Tokens and cost of every model call made for the narrative (repairs included). */
export interface NarrativeUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD; null when the model's price is unknown (set LLM_PRICE_* for custom models). */
  costUsd: number | null;
  calls: number;
}
