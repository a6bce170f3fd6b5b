/**
 * Inline keyboards and their callback data. An action button carries `a:<action>:<runId>`
 * (Telegram allows 64 bytes); a press is decoded back into the action and the run.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ButtonAction, MsgButton } from '../../chat/chat.types.js';

/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** Every action; a Record so the compiler flags an action added to `ButtonAction` but not here. */
const ACTIONS: Record<ButtonAction, true> = {
  compare_baseline: true,
  set_baseline: true,
  pdf: true,
  regenerate: true,
  report_service: true,
};

/** Encodes a button press; null when it would not fit Telegram's 64 bytes. */
export function encodeCallbackData(action: ButtonAction, runId: string): string | null {
  const data = `a:${action}:${runId}`;
  return Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_LIMIT ? data : null;
}

/** Decodes `a:<action>:<runId>`; null for anything else (old keyboards, foreign data). */
export function decodeCallbackData(data: string | undefined): { action: ButtonAction; runId: string } | null {
  if (!data) return null;
  const m = /^a:([a-z_]+):([A-Za-z0-9_-]{1,48})$/.exec(data);
  if (!m) return null;
  const action = m[1] as string;
  // Own keys only: `constructor` and friends are no actions.
  return Object.hasOwn(ACTIONS, action) ? { action: action as ButtonAction, runId: m[2] as string } : null;
}

/**
 * Builds the inline keyboard of `Msg.buttons`. Buttons that cannot be encoded are left out
 * (and reported through `onDrop`) rather than failing the whole message.
 */
export function inlineKeyboard(
  rows: MsgButton[][] | undefined,
  onDrop: (button: MsgButton) => void = () => {},
): InlineKeyboardMarkup | undefined {
  if (!rows || rows.length === 0) return undefined;
  const out: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    const buttons: InlineKeyboardButton[] = [];
    for (const b of row) {
      if (b.kind === 'url') {
        buttons.push({ text: b.label, url: b.url });
        continue;
      }
      const data = encodeCallbackData(b.action, b.runId);
      if (data) buttons.push({ text: b.label, callback_data: data });
      else onDrop(b);
    }
    if (buttons.length > 0) out.push(buttons);
  }
  return out.length > 0 ? { inline_keyboard: out } : undefined;
}
