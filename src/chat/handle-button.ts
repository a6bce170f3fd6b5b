import type { ButtonAction, ChatAddress, ChatUser } from './chat.types.js';
import { handleCommand } from './handle-command.js';
import type { ChatServices } from './services.js';

/** A button press as the adapters hand it over. */
export interface ButtonPress {
  action: ButtonAction;
  runId: string;
  address: ChatAddress;
  user: ChatUser;
  updateId?: string;
}

/** The command each button stands for; buttons are shortcuts, never a second code path. */
const AS_COMMAND: Record<ButtonAction, (runId: string) => { name: string; args: string }> = {
  compare_baseline: (runId) => ({ name: 'compare', args: `${runId} baseline` }),
  set_baseline: (runId) => ({ name: 'baseline', args: `set ${runId}` }),
  pdf: (runId) => ({ name: 'pdf', args: runId }),
  regenerate: (runId) => ({ name: 'regenerate', args: runId }),
  // One button per service when a window held several under load: `/report <service> <window>`.
  report_service: (payload) => {
    const target = decodeServiceTarget(payload);
    return target
      ? { name: 'report', args: `${target.service} ${iso(target.fromMs)}/${iso(target.toMs)}` }
      : { name: 'report', args: payload };
  },
};

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The payload of a `report_service` button: `<from>-<to>-<service>`, the window in epoch
 * minutes base 36, so it fits Telegram's 64-byte callback data.
 */
export function encodeServiceTarget(service: string, fromMs: number, toMs: number): string {
  const m = (ms: number) => Math.floor(ms / 60_000).toString(36);
  return `${m(fromMs)}-${m(Math.ceil(toMs / 60_000) * 60_000)}-${service}`;
}

/** Decodes `encodeServiceTarget`; undefined for anything else. */
export function decodeServiceTarget(
  payload: string,
): { service: string; fromMs: number; toMs: number } | undefined {
  const m = /^([0-9a-z]+)-([0-9a-z]+)-(.+)$/.exec(payload);
  if (!m) return undefined;
  return {
    service: m[3]!,
    fromMs: Number.parseInt(m[1]!, 36) * 60_000,
    toMs: Number.parseInt(m[2]!, 36) * 60_000,
  };
}

/** Runs the command behind a button, with the same allowlist and error handling as typed commands. */
export async function handleButton(services: ChatServices, press: ButtonPress): Promise<void> {
  const cmd = AS_COMMAND[press.action](press.runId);
  await handleCommand(services, {
    ...cmd,
    address: press.address,
    user: press.user,
    updateId: press.updateId,
  });
}

/** Whether a string names a button action (adapters parse callback data with it). */
export function isButtonAction(s: string): s is ButtonAction {
  return Object.hasOwn(AS_COMMAND, s);
}
