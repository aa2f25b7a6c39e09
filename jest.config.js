/** One jest config: unit tests (*.test.ts) and integration tests (*.int.test.ts) against the
 * real PostgreSQL, Redis and NATS. globalSetup gives each run its own database and NAME_PREFIX. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/auth', '<rootDir>/ws-producer', '<rootDir>/ws-consumer', '<rootDir>/ticketing', '<rootDir>/client', '<rootDir>/shared', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The package.json subpath imports point at dist/ for Node; tests run the sources.
  moduleNameMapper: { '^#kernel/(.*)$': '<rootDir>/shared/kernel/$1', '^#contracts/(.*)$': '<rootDir>/shared/contracts/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
