// What a command-line command receives: its arguments and the streams and environment it may
// use. Commands never touch `process` directly, so tests run them in-process.

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl+C (SIGINT) so long commands can stop cleanly. */
  signal: AbortSignal;
}

/** A command module: `run` returns the process exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** An error whose message is shown to the user as it is, with the exit code to use. */
export class UsageError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}
