// Entry point of the command line: `node electron/cli/main.ts <command> [options]`.
// Each command lives in its own module under ./commands and is loaded on demand.

import { pathToFileURL } from 'node:url';
import { runCli } from './run.ts';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // A reader that stops early (`| head`) closes the pipe: stop writing and exit quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('Interrupted (Ctrl+C)')));
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  });
  process.exitCode = code;
}
