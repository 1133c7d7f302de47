// The logging interface every main-process module takes as a collaborator. The app backs it
// with electron-log, the command line with stderr, tests with a recorder.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  /** Returns a logger whose lines carry `scope` (for example `sync` or `api`). */
  child(scope: string): Logger;
}

/** A logger that drops every line, for callers that pass none. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
