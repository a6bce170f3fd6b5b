/** The umbrella command: `/loadlens <command> <args>`, for workspaces where `/report` is taken. */
export const UMBRELLA_COMMAND = 'loadlens';

/** Slash commands a Slack app manifest should declare (besides the umbrella). */
export const SLASH_COMMANDS = [
  'report',
  'compare',
  'note',
  'runs',
  'baseline',
  'service',
  'tz',
  'lang',
  'help',
  'start',
  'alerts',
  'slo',
  'services',
] as const;

/**
 * A Slack slash command as a chat-core command name and arguments: `/report 1h` →
 * `report`, `1h`; `/loadlens report 1h` → the same; a bare `/loadlens` → `help`.
 */
export function parseSlashCommand(command: string, text: string): { name: string; args: string } {
  const name = command.trim().replace(/^\//, '').toLowerCase();
  const args = (text ?? '').trim();
  if (name !== UMBRELLA_COMMAND) return { name, args };
  if (args === '') return { name: 'help', args: '' };
  // Keep the rest verbatim: a /note text may span lines.
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args);
  return { name: (m?.[1] ?? '').replace(/^\//, '').toLowerCase(), args: (m?.[2] ?? '').trim() };
}
