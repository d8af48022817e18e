/** One jest run, five projects: fast unit tests, cross-service integration, the fault suite, the hostile-input suite and the map in a browser. */
const esmOnly = ['flatbush', 'flatqueue', 'rbush', 'quickselect', 'kdbush'].join('|');
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // flatbush and friends ship ESM only: let swc turn them into CommonJS.
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  moduleNameMapper: {
    '^@minerisk/shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@minerisk/shared$': '<rootDir>/shared/src/index.ts',
  },
  rootDir: __dirname,
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/shared/src/**/*.test.ts',
        '<rootDir>/services/*/src/**/*.test.ts',
        '<rootDir>/tests/lint/**/*.test.ts',
        '<rootDir>/backtest/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/setup.integration.ts'],
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'fault',
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/setup.fault.ts'],
      testMatch: ['<rootDir>/tests/fault/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'hostile',
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/setup.hostile.ts'],
      testMatch: ['<rootDir>/tests/hostile/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/setup.browser.ts'],
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
    },
  ],
};
