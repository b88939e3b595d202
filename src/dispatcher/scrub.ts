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
