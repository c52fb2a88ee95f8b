import { defineConfig } from "vitest/config";

// Two tiers: unit tests need no servers and mirror the source path; integration tests
// (test/) run against the real Kafka broker and Redis that test/stack resolves.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["shared/*/test/**/*.test.ts", "services/*/test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One broker and one Redis on 2 cores: files run one at a time so their
          // timing assertions (consumer-group joins, transactions) are not starved.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
