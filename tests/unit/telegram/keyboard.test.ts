import { describe, expect, it } from 'vitest';
import {
  CALLBACK_DATA_LIMIT,
  decodeCallbackData,
  encodeCallbackData,
  inlineKeyboard,
} from '../../../src/bots/telegram/keyboard.js';
import type { ButtonAction, MsgButton } from '../../../src/chat/chat.types.js';
import { newId } from '../../../src/store/ids.js';

describe('callback data', () => {
  it('round-trips every action with a real run id within 64 bytes', () => {
    const runId = newId(Date.UTC(2026, 10, 22, 15));
    for (const action of ['compare_baseline', 'set_baseline', 'pdf', 'regenerate'] as ButtonAction[]) {
      const data = encodeCallbackData(action, runId);
      expect(data).not.toBeNull();
      expect(Buffer.byteLength(data as string)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
      expect(decodeCallbackData(data as string)).toEqual({ action, runId });
    }
  });

  it('refuses data that would exceed 64 bytes', () => {
    expect(encodeCallbackData('compare_baseline', 'x'.repeat(60))).toBeNull();
  });

  it('ignores foreign or malformed data, including inherited property names', () => {
    for (const data of [
      undefined,
      '',
      'x',
      'a:delete_all:abc',
      'a:constructor:abc',
      'a:pdf:',
      'a:pdf:a b',
      'b:pdf:abc',
    ]) {
      expect(decodeCallbackData(data)).toBeNull();
    }
  });
});

describe('inlineKeyboard', () => {
  it('turns action buttons into callback data and url buttons into urls, row by row', () => {
    const rows: MsgButton[][] = [
      [
        { kind: 'action', label: 'Сравнить с базовым', action: 'compare_baseline', runId: 'r1' },
        { kind: 'action', label: 'Set as baseline', action: 'set_baseline', runId: 'r1' },
      ],
      [{ kind: 'url', label: 'Full report', url: 'https://ll.test/r/r1?sig=abc' }],
    ];
    expect(inlineKeyboard(rows)).toEqual({
      inline_keyboard: [
        [
          { text: 'Сравнить с базовым', callback_data: 'a:compare_baseline:r1' },
          { text: 'Set as baseline', callback_data: 'a:set_baseline:r1' },
        ],
        [{ text: 'Full report', url: 'https://ll.test/r/r1?sig=abc' }],
      ],
    });
  });

  it('leaves out a button whose data cannot fit, and reports it', () => {
    const dropped: string[] = [];
    const kb = inlineKeyboard(
      [
        [{ kind: 'action', label: 'too long', action: 'pdf', runId: 'y'.repeat(70) }],
        [{ kind: 'url', label: 'ok', url: 'https://ll.test/' }],
      ],
      (b) => dropped.push(b.label),
    );
    expect(dropped).toEqual(['too long']);
    expect(kb).toEqual({ inline_keyboard: [[{ text: 'ok', url: 'https://ll.test/' }]] });
    expect(inlineKeyboard(undefined)).toBeUndefined();
    expect(inlineKeyboard([])).toBeUndefined();
  });
});
