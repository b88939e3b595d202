import { isSecretKey, REDACTED } from '../core';

// user:password@ in a URL, Bearer/Basic credentials, and key=value / key: value pairs whose key names a secret.
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
const AUTH_VALUE = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const KEY_VALUE = /\b([A-Za-z][\w.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/g;

/**
 * An error's text made safe for a dead letter's headers and logs: credentials in URLs, auth
 * header values and secret-named key=value pairs are replaced by `[REDACTED]`.
 */
export function scrubErrorText(text: string): string {
  return scrubPairs(text.replace(URL_CREDENTIALS, `$1${REDACTED}@`).replace(AUTH_VALUE, `$1 ${REDACTED}`));
}

// A value may itself hold a pair ("refused: password=x"): it is scrubbed in turn.
function scrubPairs(text: string): string {
  return text.replace(KEY_VALUE, (_whole, key: string, sep: string, value: string) =>
    isSecretKey(key) ? `${key}${sep}${REDACTED}` : `${key}${sep}${scrubPairs(value)}`,
  );
}

/**
 * An error from a driver (amqplib, pg) with its text scrubbed: a {@link MatryoshkaError}-free
 * plain Error of the same name whose message and stack hold no credentials. Used as the `cause`
 * of our errors, so that `util.inspect` of the chain shows no password.
 */
export function scrubbedError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(scrubErrorText(source.message));
  copy.name = source.name;
  copy.stack = source.stack === undefined ? undefined : scrubErrorText(source.stack);
  const code = (source as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  return copy;
}
