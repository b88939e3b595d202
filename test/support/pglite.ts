import type { PGlite as PGliteType, PGliteOptions } from '@electric-sql/pglite';

/**
 * A new PGlite database (in memory, or in `dataDir`). Needs the test file's docblock
 * `@jest-environment ./test/support/pglite-environment.js` (see that file for why).
 */
export function newPGlite(dataDir?: string, options?: PGliteOptions): PGliteType {
  const PGlite = (globalThis as { __matryoshkaPGlite?: typeof PGliteType }).__matryoshkaPGlite;
  if (!PGlite) {
    throw new Error(
      'newPGlite needs /** @jest-environment ./test/support/pglite-environment.js */ at the top of the test file.',
    );
  }
  return new PGlite(dataDir, options);
}
