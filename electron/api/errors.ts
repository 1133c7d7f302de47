// The one error type of the N-sight client. Every message names the service and the host and
// never contains the API key.

export type NsightErrorKind =
  | 'auth'
  | 'invalid-parameter'
  | 'missing-parameter'
  | 'unknown-service'
  | 'blocked'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'cancelled'
  | 'api';

export interface NsightApiErrorDetails {
  kind: NsightErrorKind;
  service: string;
  host: string;
  message: string;
  apiCode?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  bytesReceived?: number;
  cause?: unknown;
}

/** A failed N-sight call. Its `kind` decides whether the caller retries, fixes a setting or gives up. */
export class NsightApiError extends Error {
  readonly kind: NsightErrorKind;
  readonly service: string;
  readonly host: string;
  /** The `<errorcode>` of a FAIL body, when it had one. */
  readonly apiCode?: string;
  readonly httpStatus?: number;
  /** The wait the server asked for with `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
  readonly bytesReceived?: number;

  constructor(details: NsightApiErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'NsightApiError';
    this.kind = details.kind;
    this.service = details.service;
    this.host = details.host;
    if (details.apiCode !== undefined) this.apiCode = details.apiCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.bytesReceived !== undefined) this.bytesReceived = details.bytesReceived;
  }
}

/** Kinds worth another attempt, because the same request may succeed a moment later. */
export const RETRYABLE_KINDS: ReadonlySet<NsightErrorKind> = new Set(['network', 'timeout', 'rate-limited', 'server']);

/** Builds the error for a `status="FAIL"` body from its `<errorcode>` and `<message>`. */
export function failError(service: string, host: string, code: string | null, apiMessage: string | null): NsightApiError {
  const text = apiMessage ?? 'no message';
  const base = { service, host, ...(code === null ? {} : { apiCode: code }) };
  if (code === '3') {
    return new NsightApiError({
      ...base,
      kind: 'auth',
      message: `N-sight rejected the API key on ${host} (${service}: "${text}"): check the API key and the region, because a key only works on the server of its dashboard's territory.`,
    });
  }
  if (code === '4') {
    return new NsightApiError({
      ...base,
      kind: 'invalid-parameter',
      message: `${service} on ${host} failed: "${text}". Check that the id exists in this account.`,
    });
  }
  if (code === '5') {
    return new NsightApiError({
      ...base,
      kind: 'missing-parameter',
      message: `${service} on ${host} failed: "${text}". Add the missing parameter to the request.`,
    });
  }
  if (/service unknown/i.test(text)) {
    return new NsightApiError({
      ...base,
      kind: 'unknown-service',
      message: `${host} does not know the service "${service}" ("${text}"). Check the service name.`,
    });
  }
  const codeText = code === null ? 'without an error code' : `with error code ${code}`;
  return new NsightApiError({
    ...base,
    kind: 'api',
    message: `${service} on ${host} failed ${codeText}: "${text}".`,
  });
}

/** Returns `text` with `secret` replaced, also in its URL-encoded forms. */
export function redactSecret(text: string, secret: string): string {
  if (secret.length === 0) return text;
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ k: secret }).toString().slice(2)]);
  let redacted = text;
  for (const form of forms) redacted = redacted.split(form).join('[redacted]');
  return redacted;
}

/** Replaces every occurrence of `secret` in the messages and stacks of `error` and its causes. */
export function scrubSecret(error: unknown, secret: string): void {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    for (const field of ['message', 'stack'] as const) {
      const value = current[field];
      if (typeof value !== 'string') continue;
      const scrubbed = redactSecret(value, secret);
      if (scrubbed !== value) {
        Object.defineProperty(current, field, { value: scrubbed, writable: true, configurable: true });
      }
    }
    current = current.cause;
  }
}
