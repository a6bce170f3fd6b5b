import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import { escapeHtml } from '../render/escape.js';
import type { Narrative, NarrativeSection } from './narrative.types.js';

/**
 * How a narrative is shown next to a report: plain text for chat messages (edited in or
 * appended when the model answers) and an HTML fragment for the web page. Both read only
 * the grounded sections, so nothing the grounding dropped can appear; dropped claims are
 * counted, never quoted.
 */

const T = {
  en: {
    title: 'AI commentary',
    note: 'numbers checked against the data',
    overall: 'Overall',
    recs: 'Recommendations',
    dropped: (n: number) => `${n} unverifiable claim(s) removed`,
    unavailable: {
      failed: 'AI commentary unavailable: the model gave no usable answer.',
      timeout: 'AI commentary unavailable: the model did not answer in time.',
    },
    cost: (usd: number) => `cost $${usd.toFixed(4)}`,
    domain: {
      load: 'Load',
      http: 'HTTP',
      jvm: 'JVM',
      database: 'Database',
      kafka: 'Kafka',
      infra: 'Infrastructure',
    },
  },
  ru: {
    title: 'Комментарий ИИ',
    note: 'числа сверены с данными',
    overall: 'Итог',
    recs: 'Рекомендации',
    dropped: (n: number) => `удалено непроверяемых утверждений: ${n}`,
    unavailable: {
      failed: 'Комментарий ИИ недоступен: модель не дала пригодного ответа.',
      timeout: 'Комментарий ИИ недоступен: модель не ответила вовремя.',
    },
    cost: (usd: number) => `стоимость $${usd.toFixed(4)}`,
    domain: {
      load: 'Нагрузка',
      http: 'HTTP',
      jvm: 'JVM',
      database: 'База данных',
      kafka: 'Kafka',
      infra: 'Инфраструктура',
    },
  },
} as const;

/** Sections in display order: the final summary first, then the domains. */
function sections(n: Narrative): Array<{ id: DomainId | 'final'; s: NarrativeSection }> {
  const out: Array<{ id: DomainId | 'final'; s: NarrativeSection }> = [];
  if (n.final) out.push({ id: 'final', s: n.final });
  for (const id of DOMAIN_IDS) {
    const s = n.domains[id];
    if (s) out.push({ id, s });
  }
  return out;
}

/** True when the narrative has anything to show. */
export function hasNarrativeText(n: Narrative): boolean {
  return sections(n).length > 0;
}

/** Plain text for a chat message (no markup; the chat layer escapes for its parse mode). */
export function narrativeText(n: Narrative): string {
  const t = T[n.locale];
  const parts = sections(n);
  if (parts.length === 0) return n.status === 'timeout' ? t.unavailable.timeout : t.unavailable.failed;
  const lines = [`${t.title} (${n.model}; ${t.note})`];
  for (const { id, s } of parts) {
    lines.push('', `${id === 'final' ? t.overall : t.domain[id]}: ${s.summary}`);
    for (const f of s.findings) lines.push(`• ${f.title}${f.evidence ? ` — ${f.evidence}` : ''}`);
    for (const r of s.recommendations) lines.push(`→ ${r}`);
  }
  const foot: string[] = [];
  if (n.dropped.length > 0) foot.push(t.dropped(n.dropped.length));
  if (n.usage.costUsd !== null) foot.push(t.cost(n.usage.costUsd));
  if (foot.length > 0) lines.push('', foot.join('; '));
  return lines.join('\n');
}

/** An HTML fragment (`<section class="llm">`) for the web report; all text escaped. */
export function narrativeHtml(n: Narrative): string {
  const t = T[n.locale];
  const parts = sections(n);
  if (parts.length === 0) {
    const msg = n.status === 'timeout' ? t.unavailable.timeout : t.unavailable.failed;
    return `<section class="llm llm-unavailable"><p>${escapeHtml(msg)}</p></section>`;
  }
  const body = parts
    .map(({ id, s }) => {
      const title = id === 'final' ? t.overall : t.domain[id];
      const findings = s.findings
        .map(
          (f) =>
            `<li${f.severity ? ` class="sev-${escapeHtml(f.severity)}"` : ''}><strong>${escapeHtml(f.title)}</strong>` +
            `${f.evidence ? ` — ${escapeHtml(f.evidence)}` : ''}</li>`,
        )
        .join('');
      const recs = s.recommendations.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
      return (
        `<div class="llm-section" data-section="${escapeHtml(id)}"><h3>${escapeHtml(title)}</h3>` +
        `<p>${escapeHtml(s.summary)}</p>` +
        (findings ? `<ul class="llm-findings">${findings}</ul>` : '') +
        (recs ? `<p class="llm-recs-title">${escapeHtml(t.recs)}</p><ul class="llm-recs">${recs}</ul>` : '') +
        '</div>'
      );
    })
    .join('');
  const foot = [
    n.dropped.length > 0 ? t.dropped(n.dropped.length) : null,
    n.usage.costUsd !== null ? t.cost(n.usage.costUsd) : null,
  ].filter((x): x is string => x !== null);
  return (
    `<section class="llm"><h2>${escapeHtml(t.title)}</h2>` +
    `<p class="llm-note">${escapeHtml(`${n.model}; ${t.note}`)}</p>${body}` +
    (foot.length > 0 ? `<p class="llm-foot">${escapeHtml(foot.join('; '))}</p>` : '') +
    '</section>'
  );
}
