/** CLI entry: dispatches `loadlens <command>`; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write('Usage: loadlens <report|runs|record|demo|serve|worker|bot> [options]\n');
    return 0;
  }
  process.stderr.write(`loadlens: unknown command "${cmd}"; see loadlens --help\n`);
  return 1;
}
