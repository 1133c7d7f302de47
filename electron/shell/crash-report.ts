// The text behind "Copy details" in the crash dialog: what failed, where, and on which version,
// with the API key removed. Nothing here imports Electron.

import { describeError, redactText } from '../bridge/redact.ts';

export interface CrashContext {
  version: string;
  platform: string;
  arch: string;
  electron: string;
  /** When the error happened, as UTC ISO-8601. */
  time: string;
}

/** Builds the redacted report of an uncaught error. */
export function crashDetails(error: unknown, context: CrashContext, secrets: readonly string[]): string {
  const lines = [
    `N-sight Backup Reports ${context.version}`,
    `Electron ${context.electron} on ${context.platform} ${context.arch}`,
    `Time: ${context.time}`,
    '',
    describeError(error),
  ];
  return redactText(lines.join('\n'), secrets);
}

/** Returns the first line of the error, redacted, for the dialog's message. */
export function crashSummary(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = text.split('\n', 1)[0] ?? '';
  return redactText(firstLine.slice(0, 300), secrets);
}
