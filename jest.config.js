/** @type {import('jest').Config} */
// ts-jest with legacy decorators and decorator metadata (tsconfig.json): tsyringe reads constructor param types.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only (isolatedModules): types are checked once by `npm run typecheck`, not per test file.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  setupFiles: ['reflect-metadata'],
  // Tests may import the package by name, as users do.
  moduleNameMapper: { '^matryoshka-pipeline$': '<rootDir>/src/index.ts' },
  maxWorkers: 2,
  testTimeout: 30000,
};
