import type { types } from '@slack/bolt';
import type { ButtonAction, Msg, MsgBlock, MsgButton } from '../../chat/chat.types.js';
import { clip } from '../../core/clip.js';
import { actionId, urlActionId } from './slack-actions.js';

type KnownBlock = types.KnownBlock;
type ActionsBlock = types.ActionsBlock;
type Button = types.Button;

/** Slack's documented limits that the formatter honours. */
export const SLACK_LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** Characters of a section's text. */
  sectionChars: 3000,
  /** Characters of a header block (plain text). */
  headerChars: 150,
  /** Fields per section, and characters per field. */
  fieldsPerSection: 10,
  fieldChars: 2000,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** Characters of a button label. */
  buttonLabelChars: 75,
  /**
   * Characters of all block texts of one message. Slack refuses very long block payloads
   * (`msg_blocks_too_long`) below the 50-block limit; this stays well under it.
   */
  messageChars: 12_000,
  /** Characters of the notification fallback `text` we send alongside blocks. */
  fallbackChars: 3000,
} as const;

/** One Slack message: blocks plus the plain `text` shown in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|text>`: `&` escaped as Slack expects, `<>|` percent-encoded so they cannot end the link. */
function escapeUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

/** Cuts to `max` code points (never inside a surrogate pair), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return clip(text, max);
}

const SEPARATORS = ['\n\n', '\n', ' '];

/**
 * Splits `text` into pieces whose `measure` is at most `max`: at paragraph boundaries
 * first, then at line breaks, then at spaces, and only as a last resort inside a word.
 */
export function splitText(
  text: string,
  max: number,
  measure: (s: string) => number = (s) => s.length,
): string[] {
  if (measure(text) <= max) return [text];
  for (const sep of SEPARATORS) {
    const pieces = text.split(sep);
    if (pieces.length < 2) continue;
    const out: string[] = [];
    let current: string | null = null;
    for (const piece of pieces) {
      const joined: string = current === null ? piece : `${current}${sep}${piece}`;
      if (measure(joined) <= max) {
        current = joined;
        continue;
      }
      if (current !== null) out.push(current);
      if (measure(piece) <= max) current = piece;
      else {
        const sub = splitText(piece, max, measure);
        out.push(...sub.slice(0, -1));
        current = sub[sub.length - 1] ?? '';
      }
    }
    if (current !== null) out.push(current);
    return out.filter((s) => s.trim() !== '');
  }
  return hardSplit(text, max, measure);
}

function hardSplit(text: string, max: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of Array.from(text)) {
    if (current !== '' && measure(current + ch) > max) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current !== '') out.push(current);
  return out;
}

const escapedLength = (s: string) => escapeMrkdwn(s).length;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** One neutral block as one or more Slack blocks, each within the section limit. */
export function blockToSlack(block: MsgBlock): KnownBlock[] {
  switch (block.kind) {
    case 'header': {
      const text = block.text.trim();
      if (text === '') return [];
      if (Array.from(text).length <= SLACK_LIMITS.headerChars) {
        return [{ type: 'header', text: { type: 'plain_text', text, emoji: true } }];
      }
      // Too long for a header block: a bold section keeps every word.
      return splitText(text, SLACK_LIMITS.sectionChars - 2, escapedLength).map((p) =>
        section(`*${escapeMrkdwn(p)}*`),
      );
    }
    case 'text':
      if (block.text.trim() === '') return [];
      return splitText(block.text, SLACK_LIMITS.sectionChars, escapedLength).map((p) =>
        section(escapeMrkdwn(p)),
      );
    case 'pre': {
      if (block.text.trim() === '') return [];
      const fence = '```';
      const budget = SLACK_LIMITS.sectionChars - 2 * (fence.length + 1);
      return splitText(block.text, budget, escapedLength).map((p) =>
        section(`${fence}\n${escapeMrkdwn(p)}\n${fence}`),
      );
    }
    case 'fields': {
      // At most 10 fields per section, and few enough long ones to keep a message small.
      const out: KnownBlock[] = [];
      let fields: Array<{ type: 'mrkdwn'; text: string }> = [];
      let size = 0;
      for (const [k, v] of block.items) {
        const text = truncate(`*${escapeMrkdwn(k)}*\n${escapeMrkdwn(v)}`, SLACK_LIMITS.fieldChars);
        if (
          fields.length === SLACK_LIMITS.fieldsPerSection ||
          size + text.length > 2 * SLACK_LIMITS.sectionChars
        ) {
          out.push({ type: 'section', fields });
          fields = [];
          size = 0;
        }
        fields.push({ type: 'mrkdwn', text });
        size += text.length;
      }
      if (fields.length > 0) out.push({ type: 'section', fields });
      return out;
    }
    case 'link': {
      const label = escapeMrkdwn(truncate(block.text, 500));
      return [section(`<${escapeUrl(block.url)}|${label}>`)];
    }
  }
}

function buttonToSlack(b: MsgButton, seen: Map<string, number>, index: number): Button {
  const text = {
    type: 'plain_text' as const,
    text: truncate(b.label, SLACK_LIMITS.buttonLabelChars),
    emoji: true,
  };
  if (b.kind === 'url') return { type: 'button', action_id: urlActionId(index), text, url: b.url };
  // Slack rejects a message whose action ids repeat, so a repeated action gets a suffix.
  const n = seen.get(b.action) ?? 0;
  seen.set(b.action, n + 1);
  const primary: ButtonAction[] = ['compare_baseline'];
  return {
    type: 'button',
    action_id: actionId(b.action, n),
    value: b.runId,
    text,
    ...(primary.includes(b.action) ? { style: 'primary' as const } : {}),
  };
}

/** Button rows as actions blocks (one per row, at most 25 buttons each). */
export function buttonsToSlack(rows: MsgButton[][] = []): ActionsBlock[] {
  const seen = new Map<string, number>();
  let index = 0;
  const out: ActionsBlock[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += SLACK_LIMITS.actionsElements) {
      const elements = row
        .slice(i, i + SLACK_LIMITS.actionsElements)
        .map((b) => buttonToSlack(b, seen, index++));
      if (elements.length > 0) out.push({ type: 'actions', elements });
    }
  }
  return out;
}

/** Plain text of Slack blocks, for the notification fallback. */
export function fallbackText(blocks: KnownBlock[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.type === 'header') parts.push(b.text.text);
    else if (b.type === 'section') {
      if (b.text) parts.push(unescapeMrkdwn(b.text.text));
      for (const f of b.fields ?? []) parts.push(unescapeMrkdwn(f.text));
    }
  }
  const text = parts.join('\n').trim();
  return truncate(text === '' ? '…' : text, SLACK_LIMITS.fallbackChars);
}

function unescapeMrkdwn(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Characters of a block's texts (what counts towards a message's payload). */
function blockChars(b: KnownBlock): number {
  if (b.type === 'header') return b.text.text.length;
  if (b.type === 'section')
    return (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
  return 0;
}

/**
 * A neutral message as one or more Slack messages, each within 50 blocks, 3000
 * characters per section and 12000 per message, split at block boundaries. Buttons go on the last message; a
 * header never ends a message when more follows, so it stays with its content.
 */
export function formatSlackMessages(msg: Msg): SlackMessage[] {
  const content = msg.blocks.flatMap(blockToSlack);
  const actions = buttonsToSlack(msg.buttons).slice(0, SLACK_LIMITS.blocks);
  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let chars = 0;
  const flush = () => {
    const carry: KnownBlock[] = [];
    while (current.length > 1 && current[current.length - 1]?.type === 'header')
      carry.unshift(current.pop()!);
    messages.push(current);
    current = carry;
    chars = carry.reduce((n, b) => n + blockChars(b), 0);
  };
  for (const block of content) {
    const size = blockChars(block);
    const full = current.length >= SLACK_LIMITS.blocks || chars + size > SLACK_LIMITS.messageChars;
    if (full && current.length > 0) flush();
    current.push(block);
    chars += size;
  }
  // Buttons that do not fit after the last content open one more message.
  if (actions.length > 0 && current.length + actions.length > SLACK_LIMITS.blocks) flush();
  current.push(...actions);
  if (current.length > 0 || messages.length === 0) messages.push(current);
  return messages.map((blocks) => ({ text: fallbackText(blocks), blocks }));
}

/**
 * A neutral message as ONE Slack message, for `chat.update`: an edit cannot become
 * several messages, so content beyond the limit is cut (progress texts are short).
 */
export function formatSlackEdit(msg: Msg): SlackMessage {
  const actions = buttonsToSlack(msg.buttons).slice(0, SLACK_LIMITS.blocks);
  const blocks: KnownBlock[] = [];
  let chars = 0;
  for (const block of msg.blocks.flatMap(blockToSlack)) {
    chars += blockChars(block);
    if (blocks.length + actions.length >= SLACK_LIMITS.blocks || chars > SLACK_LIMITS.messageChars) break;
    blocks.push(block);
  }
  blocks.push(...actions);
  return { text: fallbackText(blocks), blocks };
}
