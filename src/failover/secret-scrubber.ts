import { inspect } from 'node:util';
import { REDACTED, scrubSecrets } from '../core';

/**
 * Every secret a client knows (API keys, static tokens, recently provided tokens), for removing
 * them from error messages, log lines and stats. Each environment's credentials register a source.
 */
export class SecretScrubber {
  private readonly sources: (() => Iterable<string>)[] = [];

  /** Adds a source of secret strings, read on every scrub (provided tokens change). */
  add(source: () => Iterable<string>): void {
    this.sources.push(source);
  }

  /** `text` with every known secret replaced by [REDACTED]. */
  scrub(text: string): string {
    let out = text;
    for (const source of this.sources) out = scrubSecrets(out, source());
    return out;
  }

  /** An error's message, scrubbed. */
  message(error: unknown): string {
    return this.scrub(error instanceof Error ? error.message : String(error));
  }
}

// `name=value` / `name: value` where the name means a credential (refresh_token=…, "apiKey": "…").
const NAMED_SECRET =
  /((?:key|token|secret|passw(?:or)?d|credential|bearer|jwt|session|authorization)["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi;
// `Bearer …` / `Basic …` values, and JWTs anywhere.
const SCHEME_SECRET = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
// A long run of token characters that mixes letters and digits: an opaque token (1//0gAbc…, ya29.…).
const OPAQUE_TOKEN = /[\w./+=-]{24,}/g;

/**
 * Removes what looks like a credential from text the client did not write (a token provider's
 * error): values of credential-named fields, `Bearer`/`Basic` values, JWTs, long opaque tokens.
 * Heavier-handed than {@link SecretScrubber}, which knows the exact secrets: a provider's message
 * may quote a refresh token the client never saw.
 */
export function scrubTokenLike(text: string): string {
  return text
    .replace(NAMED_SECRET, `$1${REDACTED}`)
    .replace(SCHEME_SECRET, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(OPAQUE_TOKEN, (run) => (/[a-z]/i.test(run) && /\d/.test(run) ? REDACTED : run));
}

/**
 * A copy of `error` safe to hand on as a `cause`: same name, message and stack frames passed
 * through `scrub`; no other fields (they may hold the secret).
 */
export function scrubbedError(error: unknown, scrub: (text: string) => string): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(scrub(original.message));
  copy.name = original.name;
  const frames = (original.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  copy.stack = [`${copy.name}: ${copy.message}`, ...frames.map(scrub)].join('\n');
  return copy;
}

/**
 * Gives `target` a `toJSON` and a `util.inspect` view (both non-enumerable) that show `view()`
 * instead of its fields, so `console.log`, `util.inspect(…, { depth })` and `JSON.stringify` of an
 * object holding credentials never print them.
 */
export function showAs<T extends object>(target: T, view: () => unknown): T {
  Object.defineProperty(target, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(target, inspect.custom, {
    value: (depth: number, options: object) => inspect(view(), { ...options, depth }),
    enumerable: false,
  });
  return target;
}
