import { defineConfig } from 'vitest/config';

// The AWS SDK warns once per process that it will need Node 22 from 2027; we run on 20 and 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The CLI and `npm start` keep DynamoDB Local running between commands; in tests it stops as
      // soon as its last user is done, so no Java process outlives a test (test/integration/local-dynamodb.e2e.test.ts tests the idle time).
      HOTLINE_DYNAMODB_IDLE: '0',
      // The console tests run `npm start` without the agent workspace; test/browser runs it with.
      HOTLINE_WORKSPACE: 'off',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CDK synth bundles with esbuild and DynamoDB Local runs in Java: keep to the 2 cores we have.
    maxWorkers: 2,
  },
});
