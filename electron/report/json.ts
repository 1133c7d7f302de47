// The JSON export: the report model as it is, for scripting and for tests.

import { writeFile } from 'node:fs/promises';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';

/** Returns the JSON text of a report: the model with two-space indentation and a final newline. */
export function reportJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * Writes the JSON report of `model` to `file` (not atomically: see `exportReports`). The
 * settings are already in `model.rules`, and the parameter only keeps the writers alike.
 */
export async function writeJsonReport(
  model: ReportModel,
  _settings: ReportSettings,
  file: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  await writeFile(file, reportJson(model), { flag: 'wx', signal: options.signal });
}
