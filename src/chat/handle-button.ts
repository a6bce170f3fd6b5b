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
};

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
