/**
 * Turns the neutral `Msg` into Telegram HTML: escaped text, `<b>` headers, `<pre>` tables,
 * `<a>` links, split at block boundaries to Telegram's limits. Text is always split as
 * plain text first and escaped afterwards, so a cut can never fall inside an entity or tag.
 */
import type { Msg, MsgBlock } from '../../chat/chat.types.js';

/** Telegram's limit on a message's text. */
export const MESSAGE_LIMIT = 4096;
/** Telegram's limit on a media caption. */
export const CAPTION_LIMIT = 1024;

const PARAGRAPH = '\n\n';

/** Escapes the three characters Telegram's HTML mode requires escaped in text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes an attribute value (adds the double quote). */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Escaped length of one character. */
function cost(ch: string): number {
  return ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
}

/**
 * Splits plain `text` into pieces whose escaped length is at most `budget`, preferring
 * paragraph breaks, then line breaks, then spaces; a hard cut keeps surrogate pairs whole.
 */
export function splitPlain(text: string, budget: number): string[] {
  if (budget < 8) throw new RangeError(`budget ${budget} too small`);
  const chars = Array.from(text);
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let used = 0;
    let end = start;
    while (end < chars.length && used + cost(chars[end] as string) <= budget) {
      used += cost(chars[end] as string);
      end++;
    }
    if (end >= chars.length) {
      out.push(chars.slice(start).join(''));
      break;
    }
    const cut = bestCut(chars, start, end);
    out.push(chars.slice(start, cut).join('').replace(/\s+$/, ''));
    start = cut;
    // A break we cut at is not carried into the next piece.
    while (start < chars.length && /\s/.test(chars[start] as string)) start++;
  }
  return out.filter((p) => p !== '');
}

/** The index to cut at in [start, end): the last paragraph, line or word break past a third. */
function bestCut(chars: string[], start: number, end: number): number {
  const floor = start + Math.floor((end - start) / 3);
  for (const test of [
    (i: number) => chars[i] === '\n' && chars[i - 1] === '\n',
    (i: number) => chars[i] === '\n',
    (i: number) => chars[i] === ' ',
  ]) {
    for (let i = end - 1; i > floor; i--) if (test(i)) return i;
  }
  return end;
}

/** Renders plain text of a block kind, splitting it when the rendered form would exceed `limit`. */
function renderPlain(text: string, limit: number, open = '', close = ''): string[] {
  const whole = open + escapeHtml(text) + close;
  if (whole.length <= limit) return [whole];
  return splitPlain(text, limit - open.length - close.length).map((p) => open + escapeHtml(p) + close);
}

/** Renders one block to one or more HTML pieces, each at most `limit` long. */
export function renderBlock(block: MsgBlock, limit: number = MESSAGE_LIMIT): string[] {
  switch (block.kind) {
    case 'header':
      return renderPlain(block.text, limit, '<b>', '</b>');
    case 'text':
      return renderPlain(block.text, limit);
    case 'pre':
      return renderPlain(block.text, limit, '<pre>', '</pre>');
    case 'fields': {
      const lines = block.items.map(([k, v]) => `<b>${escapeHtml(k)}</b>: ${escapeHtml(v)}`);
      const whole = lines.join('\n');
      if (whole.length <= limit && lines.every((l) => l.length <= limit)) return [whole];
      return renderPlain(block.items.map(([k, v]) => `${k}: ${v}`).join('\n'), limit);
    }
    case 'link': {
      const html = `<a href="${escapeAttr(block.url)}">${escapeHtml(block.text)}</a>`;
      return html.length <= limit ? [html] : renderPlain(`${block.text} ${block.url}`, limit);
    }
  }
}

/**
 * Formats a message as Telegram HTML chunks of at most `limit` characters: blocks are
 * packed greedily and joined by blank lines; a block that alone is too long is split.
 */
export function formatMessage(msg: Msg, limit: number = MESSAGE_LIMIT): string[] {
  const pieces = msg.blocks.flatMap((b) => renderBlock(b, limit)).filter((p) => p.trim() !== '');
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '') current = piece;
    else if (current.length + PARAGRAPH.length + piece.length <= limit) current += PARAGRAPH + piece;
    else {
      chunks.push(current);
      current = piece;
    }
  }
  if (current !== '' || chunks.length === 0) chunks.push(current === '' ? '—' : current);
  return chunks;
}

/** A caption as plain text (no parse mode), cut to Telegram's 1024 characters with an ellipsis. */
export function formatCaption(text: string, limit: number = CAPTION_LIMIT): string {
  // Telegram counts UTF-16 units; count the same way so an emoji-heavy caption fits too.
  if (text.length <= limit) return text;
  let out = '';
  for (const ch of Array.from(text)) {
    if (out.length + ch.length > limit - 1) break;
    out += ch;
  }
  return `${out}…`;
}
