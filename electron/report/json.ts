// The JSON export: the report model as it is, for scripting and for tests.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ReportModel, ReportSettings } from '../../shared/report/types.ts';

/**
 * Returns `value` as `JSON.stringify(value, null, 2)` would print it `depth` levels deep.
 * Strings escape their line breaks, so every raw line break in the output starts a new line.
 */
function indented(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text?.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** True for the values JSON.stringify leaves out of an object. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Yields the JSON text of a report in pieces: the model as `JSON.stringify(model, null, 2)`
 * prints it, plus a final newline. Top-level arrays (sessions, devices) come one element a piece.
 */
export function* reportJsonPieces(model: ReportModel): Generator<string> {
  const fields = Object.entries(model).filter(([, value]) => !omitted(value));
  if (fields.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [index, [key, value]] of fields.entries()) {
    const head = `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield head + (indented(value, 1) ?? 'null');
      continue;
    }
    yield `${head}[`;
    for (const [position, element] of value.entries()) {
      // An element JSON cannot print (undefined, a function) prints as null, as in JSON.stringify.
      yield `${position === 0 ? '' : ','}\n    ${indented(element, 2) ?? 'null'}`;
    }
    yield '\n  ]';
  }
  yield '\n}\n';
}

/** Pieces are gathered up to this many characters before each write. */
const WRITE_CHUNK_CHARS = 256 * 1024;

async function writeChunk(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Writes the JSON report of `model` to `file` (not atomically: see `exportReports`), one
 * session at a time, so the file's text is never held whole. The settings are already in
 * `model.rules`, and the parameter only keeps the writers alike.
 */
export async function writeJsonReport(
  model: ReportModel,
  _settings: ReportSettings,
  file: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  options.signal?.throwIfAborted();
  const stream = createWriteStream(file, { flags: 'wx', encoding: 'utf8' });
  try {
    await once(stream, 'open');
    let pending = '';
    for (const piece of reportJsonPieces(model)) {
      pending += piece;
      if (pending.length < WRITE_CHUNK_CHARS) continue;
      options.signal?.throwIfAborted();
      await writeChunk(stream, pending);
      pending = '';
    }
    if (pending.length > 0) await writeChunk(stream, pending);
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    throw error;
  }
}
