import type { CommandContext } from '../command-context.js';
import { baselineCommand } from './baseline.command.js';
import { compareCommand } from './compare.command.js';
import { alertsCommand, helpCommand } from './misc.commands.js';
import { noteCommand } from './note.command.js';
import { pdfCommand } from './pdf.command.js';
import { regenerateCommand } from './regenerate.command.js';
import { reportCommand } from './report.command.js';
import { runsCommand } from './runs.command.js';
import { servicesCommand } from './services.command.js';
import { langCommand, serviceCommand, tzCommand } from './settings.commands.js';
import { sloCommand } from './slo.command.js';

/** Every chat command by name (`/start` is handled before the allowlist). */
export const COMMANDS: Record<string, (ctx: CommandContext) => Promise<void>> = {
  help: helpCommand,
  report: reportCommand,
  compare: compareCommand,
  note: noteCommand,
  runs: runsCommand,
  baseline: baselineCommand,
  service: serviceCommand,
  services: servicesCommand,
  tz: tzCommand,
  lang: langCommand,
  alerts: alertsCommand,
  regenerate: regenerateCommand,
  pdf: pdfCommand,
  slo: sloCommand,
};
