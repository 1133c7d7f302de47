// The app's one logger: electron-log writing rotating files in the OS logs folder, with scopes
// ("sync", "bridge"). Every message and context is redacted before any transport writes it.

import { dirname } from 'node:path';
import log from 'electron-log/main';

import { redactValue } from '../bridge/redact.ts';
import type { LogContext, Logger } from '../logger.ts';
import { LOG_FILE_MAX_BYTES, rotateLogFile } from './log-files.ts';

export interface AppLogging {
  logger: Logger;
  /** Folder of the current log file, for "Open logs folder". */
  logsFolder(): string;
}

type ScopedFunctions = Pick<typeof log, 'debug' | 'info' | 'warn' | 'error'>;

function adapt(target: ScopedFunctions, scope: string): Logger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, context?: LogContext) => {
    if (context === undefined) target[level](message);
    else target[level](message, context);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child(name) {
      const childScope = scope === '' ? name : `${scope}.${name}`;
      return adapt(log.scope(childScope), childScope);
    },
  };
}

/** Sets up electron-log; `secrets` returns the key in use so that no line ever contains it. */
export function setUpLogging(options: { secrets: () => readonly string[]; debug: boolean }): AppLogging {
  log.transports.file.level = options.debug ? 'debug' : 'info';
  log.transports.file.maxSize = LOG_FILE_MAX_BYTES;
  log.transports.file.archiveLogFn = (file) => rotateLogFile(file.path);
  log.transports.console.level = options.debug ? 'debug' : false;
  log.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}]{scope} {text}';

  // Hooks run before every transport, so neither the file nor the console receives the key.
  log.hooks.push((message) => ({ ...message, data: message.data.map((item) => redactValue(item, options.secrets())) }));

  return {
    logger: adapt(log, ''),
    logsFolder: () => dirname(log.transports.file.getFile().path),
  };
}
