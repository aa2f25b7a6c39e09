/**
 * `npm run test:unit`: the unit tests (*.test.ts, not *.int.test.ts) alone. They need no
 * PostgreSQL, NATS or Redis, so there is no global setup (no build, no run database).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
};
