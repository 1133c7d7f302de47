import { UsageError, type CliCommand, type CliIo } from './io.ts';

/** Command names and the module that implements each, relative to this file. */
const COMMANDS: Record<string, string> = {
  api: './commands/api.ts',
  sync: './commands/sync.ts',
  clients: './commands/clients.ts',
  devices: './commands/devices.ts',
  sessions: './commands/sessions.ts',
  status: './commands/status.ts',
  report: './commands/report.ts',
  demo: './commands/demo.ts',
};

async function loadCommand(name: string): Promise<CliCommand> {
  const path = COMMANDS[name];
  if (path === undefined) {
    throw new UsageError(`Unknown command "${name}". Run with --help to list the commands.`);
  }
  const module = (await import(path)) as { command: CliCommand };
  return module.command;
}

async function printHelp(io: CliIo): Promise<void> {
  const lines = ['Usage: npm run cli -- <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(COMMANDS)) {
    const command = await loadCommand(name).catch(() => undefined);
    lines.push(`  ${name.padEnd(10)}${command?.summary ?? ''}`);
  }
  lines.push('', 'Run `npm run cli -- <command> --help` for the options of one command.');
  io.stdout.write(lines.join('\n') + '\n');
}

/** Runs one command line and returns the exit code; errors are printed, never thrown. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp(io);
    return name === undefined ? 2 : 0;
  }
  try {
    const command = await loadCommand(name);
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(command.usage.trimEnd() + '\n');
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`Error: ${message}\n`);
    return 1;
  }
}
