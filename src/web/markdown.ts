import { escapeHtml } from '../render/escape.js';

/** Longest note rendered; longer input is cut (the editor refuses it before that). */
export const MARKDOWN_MAX_CHARS = 100_000;

/** Control characters other than tab and newline; NUL also guards the placeholders below. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL delimits the placeholders.
const PLACEHOLDER = /\u0000(\d+)\u0000/g;

/**
 * A link target, or null when it is not an absolute http(s) URL. The URL is parsed (which
 * also undoes the tab/newline and case tricks of `java\tscript:`) and re-serialised, so
 * what reaches the attribute is the parser's normalised form, then escaped.
 */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href;
}

function anchor(href: string, innerHtml: string): string {
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow" target="_blank">${innerHtml}</a>`;
}

/** Emphasis on text that is already escaped: the patterns only wrap it in fixed tags. */
function emphasis(escaped: string): string {
  return (
    escaped
      .replace(/\*\*([^*\n]+?)\*\*/g, '<strong>$1</strong>')
      .replace(/~~([^~\n]+?)~~/g, '<del>$1</del>')
      .replace(/\*([^*\n]+?)\*/g, '<em>$1</em>')
      // Underscores emphasise only at word edges, so `snake_case` and `a.__b` stay as typed.
      .replace(/(^|[^\p{L}\p{N}_])__([^_\n]+?)__(?=$|[^\p{L}\p{N}_])/gu, '$1<strong>$2</strong>')
      .replace(/(^|[^\p{L}\p{N}_])_([^_\n]+?)_(?=$|[^\p{L}\p{N}_])/gu, '$1<em>$2</em>')
  );
}

/**
 * Inline Markdown: code spans, links, bare http(s) URLs, emphasis. Code and links are cut
 * out first into numbered placeholders (NUL-delimited; NUL never survives the input
 * clean-up), the rest is escaped, emphasis is applied, and the placeholders come back.
 */
function inline(text: string): string {
  const tokens: string[] = [];
  const hold = (html: string) => `\u0000${tokens.push(html) - 1}\u0000`;
  let s = text.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  s = s.replace(
    /\[([^\]\n]{1,500})\]\(\s*<?([^\s()<>]{1,2000})>?(?:\s+"[^"\n]*")?\s*\)/g,
    (m, label: string, target: string) => {
      const href = safeHref(target);
      return href ? hold(anchor(href, emphasis(escapeHtml(label)))) : m;
    },
  );
  s = s.replace(/<(https?:\/\/[^\s<>]{1,2000})>/g, (m, target: string) => {
    const href = safeHref(target);
    return href ? hold(anchor(href, escapeHtml(target))) : m;
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a URL ends at a placeholder's NUL.
  s = s.replace(/\bhttps?:\/\/[^\s<>"'`\u0000]{1,2000}/g, (m) => {
    const trail = /[.,;:!?)\]]+$/.exec(m)?.[0] ?? '';
    const target = m.slice(0, m.length - trail.length);
    const href = safeHref(target);
    return href ? hold(anchor(href, escapeHtml(target))) + trail : m;
  });
  const html = emphasis(escapeHtml(s)).replace(/\n/g, '<br>');
  return html.replace(PLACEHOLDER, (_m, i: string) => tokens[Number(i)] ?? '');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^ {0,3}\d{1,9}[.)]\s+(.*)$/;

function blocks(lines: string[], depth: number): string {
  const out: string[] = [];
  let i = 0;
  const isBlockStart = (l: string) =>
    FENCE.test(l) || HEADING.test(l) || RULE.test(l) || QUOTE.test(l) || BULLET.test(l) || NUMBERED.test(l);
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(close)) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + 2);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(QUOTE.exec(lines[i++]!)![1]!);
      // Quotes nest at most a few levels; deeper input is shown as plain quoted text.
      out.push(
        `<blockquote>${depth < 3 ? blocks(inner, depth + 1) : `<p>${inline(inner.join('\n'))}</p>`}</blockquote>`,
      );
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const item = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length && item.test(lines[i]!)) {
        const parts = [item.exec(lines[i++]!)![1]!];
        // Indented lines continue the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]!) && !isBlockStart(lines[i]!)) {
          parts.push(lines[i++]!.trim());
        }
        items.push(`<li>${inline(parts.join('\n'))}</li>`);
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() && (para.length === 0 || !isBlockStart(lines[i]!))) {
      para.push(lines[i++]!.trim());
    }
    out.push(`<p>${inline(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}

/**
 * Renders the engineer summary's Markdown subset to HTML: paragraphs, headings (shifted
 * below the page's own), emphasis, code spans and fences, lists, quotes, rules, and links
 * to http(s) only. This is the sanitiser: there is no raw-HTML path at all — every piece
 * of input text is escaped, and the only tags and attributes in the output are the fixed
 * ones written here, so `<script>`, `onerror=` or `javascript:` can only ever appear as text.
 */
export function renderMarkdown(source: string): string {
  const clean = source.slice(0, MARKDOWN_MAX_CHARS).replace(/\r\n?/g, '\n').replace(CONTROL, '');
  return blocks(clean.split('\n'), 0);
}
