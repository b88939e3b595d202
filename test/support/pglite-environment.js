// A jest environment that hands tests the real PGlite class, loaded outside jest's module sandbox:
// PGlite loads its WebAssembly with dynamic import(), which jest's sandbox only allows under
// --experimental-vm-modules. Use it with a docblock at the top of a test file:
//   /** @jest-environment ./test/support/pglite-environment.js */
// and get the class from test/support/pglite.ts.
const { TestEnvironment } = require('jest-environment-node');

class PGliteEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global.__matryoshkaPGlite = require('@electric-sql/pglite').PGlite;
  }
}

module.exports = PGliteEnvironment;
