// Redaction of secrets in text that goes to a log, a dialog or the clipboard: the API key in
// any form it may take (plain, URL-encoded, as an `apikey=` parameter).

const REPLACEMENT = '[redacted]';

/** `apikey=<value>` in a URL or a log line, whatever the value. */
const APIKEY_PARAMETER = /(apikey=)[^&\s"'<>]+/gi;

/** Replaces every known secret and every `apikey=` value in `text`. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(APIKEY_PARAMETER, `$1${REPLACEMENT}`);
  // Short strings would blank out ordinary words, and a key is never this short.
  const forms = secrets.filter((secret) => secret.length >= 8).flatMap((secret) => [secret, encodeURIComponent(secret)]);
  // Longest first, so a form that contains another is replaced whole.
  for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) {
    result = result.split(form).join(REPLACEMENT);
  }
  return result;
}

/** Replaces secrets in every string of a log context, however deeply nested. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return redactText(describeError(value), secrets);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = /^(api_?key|apikey|password|secret|token)$/i.test(key) ? REPLACEMENT : redactValue(item, secrets, depth + 1);
  }
  return result;
}

/** Joins the stack (or name and message) of an error and its causes, for logs and "Copy details". */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 5) {
    seen.add(current);
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\nCaused by: ');
}
