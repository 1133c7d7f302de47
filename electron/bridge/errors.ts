// Turning the errors of the main-process modules into the bridge's closed set of codes. An
// error that maps to no code is unexpected: the handler logs it and returns `internal`.

import type { BridgeError, ErrorCode } from '../../shared/contract.ts';
import { NsightApiError, type NsightErrorKind } from '../api/errors.ts';
import { CacheError } from '../cache/open.ts';
import { FileExistsError } from '../report/files.ts';
import { LogoError } from '../report/pdf.ts';

/** An expected failure with its code and one plain sentence for the user. */
export class BridgeFailure extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BridgeFailure';
    this.code = code;
  }
}

/** Codes for the `kind` of an NsightApiError and the kinds the sync records for a failure. */
const KIND_CODES: Record<NsightErrorKind | 'not-found' | 'scope' | 'busy', ErrorCode> = {
  auth: 'auth-failed',
  /** Another process syncs the same cache file. */
  busy: 'busy',
  'invalid-parameter': 'not-found',
  'not-found': 'not-found',
  scope: 'not-found',
  'missing-parameter': 'server-error',
  'unknown-service': 'server-error',
  blocked: 'blocked',
  'rate-limited': 'rate-limited',
  server: 'server-error',
  timeout: 'timeout',
  network: 'offline',
  malformed: 'malformed-response',
  cancelled: 'cancelled',
  api: 'server-error',
};

/** Maps an error kind to its bridge code; unknown kinds are `internal`. */
export function codeOfKind(kind: string | null | undefined): ErrorCode {
  if (kind === null || kind === undefined || !Object.hasOwn(KIND_CODES, kind)) return 'internal';
  return KIND_CODES[kind as keyof typeof KIND_CODES];
}

/** File-system error codes that mean "this folder cannot take the file". */
const WRITE_ERRNOS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EISDIR', 'EBUSY']);

const WRITE_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission was denied',
  EPERM: 'permission was denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'a folder has that name',
  EBUSY: 'the file is in use by another program',
};

function errnoOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps an error to a bridge error, or returns null when it is unexpected. Messages of the
 * modules are already user-facing (they name the value and the next step, never the key).
 */
export function toBridgeError(error: unknown): BridgeError | null {
  if (error instanceof BridgeFailure) return { code: error.code, message: error.message };
  if (error instanceof NsightApiError) return { code: codeOfKind(error.kind), message: error.message };
  if (error instanceof FileExistsError) return { code: 'file-exists', message: error.message };
  if (error instanceof CacheError) return { code: 'invalid-file', message: error.message };
  if (error instanceof LogoError) return { code: 'invalid-file', message: error.message };
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled before it finished.' };
  }

  const errno = errnoOf(error);
  if (errno !== undefined && WRITE_ERRNOS.has(errno)) {
    const path = (error as NodeJS.ErrnoException).path;
    const target = typeof path === 'string' ? ` ${path}` : '';
    return {
      code: 'write-failed',
      message: `Could not write${target}: ${WRITE_ERRNO_TEXT[errno] ?? errno}. Choose another folder or free some space, then try again.`,
    };
  }
  return null;
}
