// The one place where bridge error codes become words. Each code maps to one plain sentence
// naming what went wrong and what to do next. Main's own message names the value involved,
// so it is kept as the detail.

import type { BridgeError, ErrorCode } from '../../../shared/contract.ts';

const SENTENCES: Record<ErrorCode, string> = {
  'invalid-argument': 'The app sent a request the main process rejected: reload the window, and report it if it happens again.',
  'unknown-method': 'This window and the main process are different versions: restart the app.',
  'forbidden-sender': 'This window is not allowed to reach the main process: close it and open the app again.',
  'not-configured': 'No N-sight account is set up yet: enter your server and API key, or try the demo account.',
  'auth-failed': 'N-sight rejected the API key: check the key and that the territory matches your dashboard.',
  blocked: "N-sight's firewall or a proxy blocked the request: wait a few minutes, or check your proxy settings.",
  'rate-limited': 'N-sight asked the app to slow down: wait a minute and try again, or lower the request budget in Settings.',
  offline: 'N-sight could not be reached, so the app shows cached data: check the internet connection and try again.',
  'invalid-server':
    'The server is not valid: choose a territory, or give a host name such as www.example.com or an https URL.',
  unreachable: 'The server could not be reached: check the address and the network, then test again.',
  timeout: 'N-sight took too long to answer: try again in a few minutes.',
  'server-error': 'N-sight had an internal error: try again later.',
  'malformed-response': "N-sight's answer could not be read: try again, and check the logs if it keeps happening.",
  cancelled: 'The operation was cancelled: start it again when you are ready.',
  busy: 'Another sync or export is still running: wait for it to finish or cancel it.',
  'not-found': 'N-sight or the cache no longer has that client or device: sync the client list to refresh it, then try again.',
  'encryption-unavailable': 'This computer offers no secure storage for the API key: keep it for this session only, or set up a keyring.',
  'key-unreadable': 'The saved API key can no longer be read: enter it again.',
  'file-exists': 'A report file with that name exists already: choose another folder, or allow overwriting.',
  'write-failed': 'The report file could not be written: check that the folder exists, is writable and the disk has space.',
  'invalid-file': 'A stored file of the app could not be read: choose it again, or reset the setting.',
  internal: 'Something unexpected went wrong: try again, and send the logs if it keeps happening.',
};

export interface ExplainedError {
  code: ErrorCode;
  sentence: string;
  /** Main's message, which names the host, device or file involved. */
  detail: string;
}

/**
 * Codes whose message from main is itself the sentence to show: it names the value the user
 * typed (the server) and what to do, which the fixed sentence cannot.
 */
const OWN_SENTENCE_CODES: ReadonlySet<ErrorCode> = new Set(['invalid-server', 'unreachable']);

/** Turns a bridge error into the sentence the screen shows. Unknown codes fall back to `internal`. */
export function explainError(error: BridgeError): ExplainedError {
  if (OWN_SENTENCE_CODES.has(error.code) && error.message.trim() !== '') {
    return { code: error.code, sentence: error.message, detail: error.message };
  }
  const sentence = SENTENCES[error.code] ?? SENTENCES.internal;
  return { code: error.code, sentence, detail: error.message };
}
