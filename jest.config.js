/** @type {import('jest').Config} */
// @swc/jest with legacy decorators and decorator metadata: tsyringe reads constructor param types.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  setupFiles: ['reflect-metadata'],
  // Tests may import the package by name, as users do.
  moduleNameMapper: { '^matryoshka$': '<rootDir>/src/index.ts' },
  maxWorkers: 2,
  testTimeout: 30000,
};
