// One API call from request to parsed result: throttling, the HTTP exchange, classification of
// the response into an NsightApiError kind, and retries with exponential backoff and jitter.

import type { Logger } from '../logger.ts';
import { failError, NsightApiError, redactSecret, RETRYABLE_KINDS } from './errors.ts';
import type { RequestScheduler } from './scheduler.ts';
import { redactUrl } from './servers.ts';
import { TransportError, type Transport, type TransportResponse } from './transport.ts';
import { decodeBody, looksLikeHtml, parseBody, type XmlElement } from './xml.ts';

export interface RetryOptions {
  /** Attempts in total, including the first. */
  attempts: number;
  /** Delay before the second attempt. Each later attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` to wait for. A longer one fails the call as rate-limited at once. */
  maxRetryAfterMs: number;
  /** Returns a number in [0, 1) for the jitter. */
  random: () => number;
}

export interface ExchangeOptions {
  transport: Transport;
  scheduler: RequestScheduler;
  logger: Logger;
  host: string;
  userAgent: string;
  retry: RetryOptions;
  timeouts: { connectMs: number; readMs: number };
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  /** The API key, removed from every message that leaves this module. */
  secret: string;
}

export interface ExchangeOutcome {
  result: XmlElement;
  bytes: number;
  response?: TransportResponse;
}

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Returns an exponential backoff with equal jitter: between half and all of min(max, base * 2^(attempt - 1)). */
export function backoffMs(attempt: number, retry: RetryOptions): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (retry.random() * ceiling) / 2);
}

function httpError(service: string, host: string, response: TransportResponse, now: number): NsightApiError | undefined {
  const status = response.status;
  const base = { service, host, httpStatus: status };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    const wait = retryAfterMs === undefined ? '' : ` and asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new NsightApiError({
      ...base,
      kind: 'rate-limited',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: `${host} rejected ${service} with HTTP 429 (too many requests)${wait}. Lower the request budget (calls per minute) or try again later.`,
    });
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    return new NsightApiError({
      ...base,
      kind: 'server',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: `${host} failed with HTTP ${status} on ${service}. The N-sight server has a problem: try again later.`,
    });
  }
  const isHtml = looksLikeHtml(new TextDecoder('windows-1252').decode(response.body.subarray(0, 1024)));
  if (status === 403 || status < 200 || status >= 300 || isHtml) {
    const what = isHtml ? 'an HTML page' : 'a response that is not API data';
    return new NsightApiError({
      ...base,
      kind: 'blocked',
      message: `${service} on ${host} returned ${what} with HTTP ${status}, so a firewall or proxy answered instead of the N-sight API. Check the server address, and whether a proxy or firewall filters the connection.`,
    });
  }
  return undefined;
}

function interpret(service: string, host: string, response: TransportResponse, now: number): ExchangeOutcome {
  const problem = httpError(service, host, response, now);
  if (problem !== undefined) throw problem;

  const bytes = response.body.byteLength;
  let parsed;
  try {
    parsed = parseBody(decodeBody(response.body, response.headers['content-type']));
  } catch (error) {
    parsed = { kind: 'malformed' as const, reason: error instanceof Error ? error.message : String(error) };
  }
  if (parsed.kind === 'ok') return { result: parsed.result, bytes };
  if (parsed.kind === 'fail') throw failError(service, host, parsed.code, parsed.message);
  if (parsed.kind === 'html') {
    throw new NsightApiError({
      service,
      host,
      httpStatus: response.status,
      kind: 'blocked',
      message: `${service} on ${host} returned an HTML page with HTTP ${response.status}, so a firewall or proxy answered instead of the N-sight API. Check the server address, and whether a proxy or firewall filters the connection.`,
    });
  }
  throw new NsightApiError({
    service,
    host,
    httpStatus: response.status,
    kind: 'malformed',
    bytesReceived: bytes,
    message: `${service} on ${host} returned a response that is not usable N-sight XML: ${parsed.reason} (${bytes} bytes arrived). Try again; if it persists, run the command-line "api" command with --raw to see the body.`,
  });
}

/**
 * Tells whether DNS answered that the host does not exist (ENOTFOUND). Retrying cannot help,
 * unlike a temporary resolver failure (EAI_AGAIN), which stays retryable.
 */
function isHostNotFound(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return (cause as NodeJS.ErrnoException | undefined)?.code === 'ENOTFOUND';
}

/** Converts whatever a transport or the scheduler threw into an NsightApiError. */
function toApiError(error: unknown, service: string, host: string, signal: AbortSignal | undefined): NsightApiError {
  if (error instanceof NsightApiError) return error;
  if (signal?.aborted || (error instanceof TransportError && error.kind === 'aborted')) {
    return new NsightApiError({ kind: 'cancelled', service, host, message: `${service} on ${host} was cancelled.`, cause: error });
  }
  if (error instanceof TransportError) {
    const bytesReceived = error.bytesReceived;
    if (error.kind === 'timeout') {
      return new NsightApiError({ kind: 'timeout', service, host, bytesReceived, cause: error, message: `${service} on ${host} timed out: ${error.message} Check the network connection, or try again later.` });
    }
    if (isHostNotFound(error)) {
      return new NsightApiError({ kind: 'network', service, host, bytesReceived, cause: error, message: `${service} on ${host} failed: host not found: check the server name.` });
    }
    return new NsightApiError({ kind: 'network', service, host, bytesReceived, cause: error, message: `${service} on ${host} failed: ${error.message} Check the server address and the network connection.` });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new NsightApiError({ kind: 'network', service, host, cause: error, message: `${service} on ${host} failed: ${detail}. Check the server address and the network connection.` });
}

function withAttempts(error: NsightApiError, attempts: number): NsightApiError {
  if (attempts <= 1) return error;
  error.message = `${error.message} (gave up after ${attempts} attempts)`;
  if (error.stack !== undefined) error.stack = error.stack.replace(/^NsightApiError: .*$/m, `NsightApiError: ${error.message}`);
  return error;
}

/**
 * Sends one service call, retrying network errors, timeouts, HTTP 429 and 5xx. In 'raw' mode
 * the response is returned as received unless it is a retryable HTTP status.
 */
export async function exchange(options: ExchangeOptions, service: string, url: URL, mode: 'parsed' | 'raw', signal?: AbortSignal): Promise<ExchangeOutcome> {
  const { host, retry, logger } = options;
  const shownUrl = redactUrl(url);

  for (let attempt = 1; ; attempt++) {
    try {
      logger.debug('Sending request', { service, host, url: shownUrl, attempt });
      const response = await options.scheduler.run(
        () =>
          options.transport({
            url,
            headers: { 'User-Agent': options.userAgent, Accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' },
            connectTimeoutMs: options.timeouts.connectMs,
            readTimeoutMs: options.timeouts.readMs,
            ...(signal === undefined ? {} : { signal }),
          }),
        signal,
      );
      if (mode === 'raw') {
        const problem = response.status === 429 || response.status >= 500 ? httpError(service, host, response, options.now()) : undefined;
        if (problem !== undefined) throw problem;
        return { result: {}, bytes: response.body.byteLength, response };
      }
      const outcome = interpret(service, host, response, options.now());
      logger.debug('Received response', { service, host, bytes: outcome.bytes, attempt });
      return outcome;
    } catch (caught) {
      const error = toApiError(caught, service, host, signal);
      const retryAfterMs = error.retryAfterMs;
      const tooLong = retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs;
      if (!RETRYABLE_KINDS.has(error.kind) || isHostNotFound(caught) || attempt >= retry.attempts || tooLong || signal?.aborted) {
        throw withAttempts(error, attempt);
      }

      const delayMs = retryAfterMs !== undefined ? Math.max(retryAfterMs, 0) : backoffMs(attempt, retry);
      if (retryAfterMs !== undefined) options.scheduler.holdOff(retryAfterMs);
      logger.warn('Retrying request', { service, host, attempt, maxAttempts: retry.attempts, kind: error.kind, httpStatus: error.httpStatus, delayMs, error: redactSecret(error.message, options.secret) });
      try {
        await options.sleep(delayMs, signal);
      } catch (sleepError) {
        throw toApiError(sleepError, service, host, signal);
      }
    }
  }
}
