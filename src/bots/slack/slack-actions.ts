import type { ButtonAction } from '../../chat/chat.types.js';

/** Every button action, so a press can be checked before it becomes a command. */
export const BUTTON_ACTIONS: readonly ButtonAction[] = [
  'compare_baseline',
  'set_baseline',
  'pdf',
  'regenerate',
  'report_service',
];

/** Prefix of every LoadLens action id; the app listens for exactly these. */
export const ACTION_PREFIX = 'll_';

/**
 * The `action_id` of an action button: `ll_<action>`, plus `#<n>` for the n-th repeat of
 * the same action in one message (Slack rejects duplicate ids within a message).
 */
export function actionId(action: ButtonAction, n = 0): string {
  return n === 0 ? `${ACTION_PREFIX}${action}` : `${ACTION_PREFIX}${action}#${n}`;
}

/** The `action_id` of a URL button: Slack still sends an interaction for it, which is only acknowledged. */
export function urlActionId(index: number): string {
  return `${ACTION_PREFIX}url_${index}`;
}

/** The button action behind an `action_id`, or null for URL buttons and foreign ids. */
export function parseActionId(id: string): ButtonAction | null {
  if (!id.startsWith(ACTION_PREFIX)) return null;
  const name = id.slice(ACTION_PREFIX.length).replace(/#\d+$/, '');
  return (BUTTON_ACTIONS as readonly string[]).includes(name) ? (name as ButtonAction) : null;
}
