// Turns the bytes of an N-sight response into the parsed `<result>` element: decodes by the
// declared charset, rejects HTML and cut-short bodies, and reads every list element as an array.

import { XMLParser } from 'fast-xml-parser';

/** Elements that are lists in some response and must be arrays even with zero or one entry. */
const LIST_ELEMENTS: ReadonlySet<string> = new Set(['client', 'site', 'server', 'workstation', 'session', 'checkcount']);

/** The options of the client's parser, exported so benchmarks can time fast-xml-parser alone with them. */
export const XML_PARSER_OPTIONS = {
  ignoreAttributes: (_name: string, jPath: unknown) => String(jPath) !== 'result',
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Also decodes numeric character references such as `&#228;`.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Hands callbacks the path matcher instead of building a path string for every element.
  jPath: false,
  isArray: (name: string) => LIST_ELEMENTS.has(name),
};

const parser = new XMLParser(XML_PARSER_OPTIONS);

export type XmlElement = Record<string, unknown>;

export type ParsedBody =
  | { kind: 'ok'; result: XmlElement }
  | { kind: 'fail'; code: string | null; message: string | null }
  | { kind: 'html' }
  | { kind: 'malformed'; reason: string };

const SINGLE_BYTE_LATIN = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'iso_8859-1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252']);

/** Maps a charset label to a TextDecoder label. ISO-8859-1 is read as windows-1252, as browsers do. */
function decoderLabel(charset: string): string {
  const label = charset.trim().toLowerCase();
  if (SINGLE_BYTE_LATIN.has(label)) return 'windows-1252';
  if (label === 'utf8') return 'utf-8';
  return label;
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 200));
  const match = /^\uFEFF?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(head);
  return match?.[1];
}

function headerCharset(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeWith(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    throw new RangeError(`the response declares the unsupported charset "${label}"`);
  }
}

/**
 * Decodes a response body. A UTF-8 byte order mark wins. Otherwise the XML declaration and the
 * `Content-Type` charset decide. When they disagree and one of them is UTF-8, the bytes decide:
 * valid UTF-8 is read as UTF-8. Bytes that claim UTF-8 but are not valid UTF-8 are read as
 * windows-1252. Throws a RangeError for a charset TextDecoder does not support.
 */
export function decodeBody(bytes: Uint8Array, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeWith('utf-8', bytes);

  const declared = declaredCharset(bytes);
  const fromHeader = headerCharset(contentType);
  const labels = [declared, fromHeader].filter((label): label is string => label !== undefined).map(decoderLabel);
  const first = labels[0] ?? 'utf-8';
  const disagree = labels.length === 2 && labels[0] !== labels[1];

  if (first === 'utf-8' || (disagree && labels.includes('utf-8'))) {
    return decodeUtf8Strict(bytes) ?? decodeWith(disagree ? labels.find((label) => label !== 'utf-8')! : 'windows-1252', bytes);
  }
  return decodeWith(first, bytes);
}

/** Tells whether `text` starts like an HTML page rather than XML. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || (!head.startsWith('<?xml') && !head.startsWith('<result') && head.includes('<html'));
}

/** True when the document ends where a complete `<result>` ends. */
function endsComplete(text: string): boolean {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  if (text.endsWith('</result>', end)) return true;
  // A self-closed `<result ... />` is the whole document.
  return text.endsWith('/>', end) && /<result\b[^>]*\/>\s*$/.test(text.slice(Math.max(0, end - 300), end));
}

function firstText(value: unknown): string | null {
  if (Array.isArray(value)) return firstText(value[0]);
  if (typeof value === 'string') return value === '' ? null : value;
  if (value !== null && typeof value === 'object') return firstText((value as XmlElement)['#text']);
  return null;
}

/** Parses a decoded body into an OK `<result>`, a FAIL with its code and message, or why it is unusable. */
export function parseBody(text: string): ParsedBody {
  if (looksLikeHtml(text)) return { kind: 'html' };
  if (!endsComplete(text)) {
    const trimmed = text.trim();
    if (trimmed === '') return { kind: 'malformed', reason: 'the body is empty' };
    if (!trimmed.startsWith('<')) return { kind: 'malformed', reason: 'the body is not XML' };
    if (!trimmed.includes('<result')) return { kind: 'malformed', reason: 'the XML has no <result> element' };
    return { kind: 'malformed', reason: 'the XML ends before </result>, so the body was cut short' };
  }

  let document: XmlElement;
  try {
    document = parser.parse(text) as XmlElement;
  } catch (error) {
    return { kind: 'malformed', reason: `the XML is invalid (${error instanceof Error ? error.message : String(error)})` };
  }

  const root = document['result'];
  if (root === undefined) return { kind: 'malformed', reason: 'the XML has no <result> element' };
  const result: XmlElement = typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as XmlElement) : {};
  const status = typeof result['@_status'] === 'string' ? result['@_status'].trim().toUpperCase() : undefined;
  const error = result['error'];

  if (status === 'FAIL' || (status !== 'OK' && error !== undefined)) {
    const element = (Array.isArray(error) ? error[0] : error) as XmlElement | string | undefined;
    const details = typeof element === 'object' && element !== null ? element : {};
    return { kind: 'fail', code: firstText(details['errorcode']), message: firstText(details['message']) ?? firstText(element) };
  }
  if (status !== 'OK') {
    return { kind: 'malformed', reason: status === undefined ? '<result> has no status attribute' : `<result> has the unknown status "${status}"` };
  }
  return { kind: 'ok', result };
}
