/**
 * Keys whose values are secrets wherever they appear, case-insensitive: API keys, tokens,
 * passwords, credentials, sessions, private keys, auth headers (`x-svc-auth`, `auth_token`).
 */
export const SECRET_KEY_PATTERN =
  /key|token|secret|passw(?:or)?d|authorization|cookie|credential|bearer|jwt|session|private|(?:^|[-_.])auth(?:[-_.]|$)/i;

// Names declared secret at run time (an environment's `customAuthHeader`), lower-cased.
const declaredSecretNames = new Set<string>();

/**
 * Declares more property or header names secret everywhere in this process, case-insensitive:
 * the failover client declares every environment's auth header, so a request that carries
 * `X-Dev-Key` is logged redacted even though the name matches no pattern.
 *
 * @example
 * declareSecretNames(['X-Tenant-Signature']);
 * redactSecrets({ headers: { 'x-tenant-signature': 's3cr3t' } }); // { headers: { 'x-tenant-signature': '[REDACTED]' } }
 */
export function declareSecretNames(names: Iterable<string>): void {
  for (const name of names) if (name) declaredSecretNames.add(name.toLowerCase());
}

/** The text that stands where a secret was. */
export const REDACTED = '[REDACTED]';

/** True where a property or header name names a secret. */
export function isSecretKey(key: string): boolean {
  return (
    SECRET_KEY_PATTERN.test(key) ||
    (declaredSecretNames.size > 0 && declaredSecretNames.has(key.toLowerCase()))
  );
}

// A value that is itself a credential, whatever its key: `Bearer …` / `Basic …` header values.
const SECRET_VALUE_PATTERN = /^(?:bearer|basic)\s+\S/i;

/**
 * A deep copy of `value` with every secret-named property replaced by `[REDACTED]`.
 * Cycles become `[Circular]`; class instances are copied as plain objects of their own fields.
 */
export function redactSecrets(value: unknown): unknown {
  return redactInner(value, new WeakSet());
}

function redactInner(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return SECRET_VALUE_PATTERN.test(value) ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  // Binary payloads are summarised, not walked byte by byte into a million-key object.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof URLSearchParams) return redactInner(Object.fromEntries(value), seen);
  if (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal)
    return `[AbortSignal${value.aborted ? ' aborted' : ''}]`;
  if (Array.isArray(value)) return value.map((item) => redactInner(item, seen));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return redactInner(Object.fromEntries(value), seen);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    out[key] =
      isSecretKey(key) && field !== undefined && field !== null ? REDACTED : redactInner(field, seen);
  }
  return out;
}

/**
 * Removes the given secret strings from a text (an error message, a URL, a log line).
 * Empty and very short strings are ignored so that redaction never mangles ordinary words.
 */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}
