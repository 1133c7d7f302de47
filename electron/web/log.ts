// The web harness's logger: one line per entry on stderr, with secrets removed.

import { redactValue } from '../bridge/redact.ts';
import type { LogContext, LogLevel, Logger } from '../logger.ts';

const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Creates a logger that writes `level [scope] message {context}` lines to stderr from `minLevel` up. */
export function createConsoleLogger(minLevel: LogLevel = 'info', scope = 'web', secrets: () => readonly string[] = () => []): Logger {
  const write = (level: LogLevel) => (message: string, context?: LogContext) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const details = context === undefined ? '' : ` ${JSON.stringify(redactValue(context, secrets()))}`;
    process.stderr.write(`${level} [${scope}] ${message}${details}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => createConsoleLogger(minLevel, `${scope}:${child}`, secrets),
  };
}
