// A Logger that keeps every line, so tests can assert on what was logged and what was not.

import type { LogContext, Logger, LogLevel } from '../../electron/logger.ts';

export interface LogLine {
  level: LogLevel;
  scope: string;
  message: string;
  context: LogContext | undefined;
}

export class RecordingLogger implements Logger {
  readonly lines: LogLine[];
  readonly #scope: string;

  constructor(scope = 'test', lines: LogLine[] = []) {
    this.#scope = scope;
    this.lines = lines;
  }

  debug(message: string, context?: LogContext): void {
    this.lines.push({ level: 'debug', scope: this.#scope, message, context });
  }

  info(message: string, context?: LogContext): void {
    this.lines.push({ level: 'info', scope: this.#scope, message, context });
  }

  warn(message: string, context?: LogContext): void {
    this.lines.push({ level: 'warn', scope: this.#scope, message, context });
  }

  error(message: string, context?: LogContext): void {
    this.lines.push({ level: 'error', scope: this.#scope, message, context });
  }

  child(scope: string): Logger {
    return new RecordingLogger(scope, this.lines);
  }

  /** Every line as one JSON text, for "never contains" checks. */
  text(): string {
    return JSON.stringify(this.lines);
  }
}
