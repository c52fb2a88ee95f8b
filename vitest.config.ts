import { defineConfig } from "vitest/config";

// The integration tests that also run against a real Redis Cluster (the
// integration-cluster project), on top of their run against the standalone Redis: the
// client and every test of the feature store (hash-tagged keys, one slot per script).
// test/invariants/determinism.test.ts would fit too, at the cost of a second 50k run.
const CLUSTER_TESTS = [
  "test/foundation/redis.test.ts",
  "test/foundation/redis-client.test.ts",
  "test/scorer/features.test.ts",
  "test/scorer/feature-stores.test.ts",
  "test/scorer/pipeline.test.ts",
  "test/scorer/txn-id-conflict.test.ts",
  "test/invariants/crash-recovery.test.ts",
  "test/invariants/scaling.test.ts",
  "test/invariants/shutdown.test.ts",
  "test/parity/*.test.ts",
];

// One broker and one Redis on 2 cores: files run one at a time so their timing
// assertions (consumer-group joins, transactions) are not starved.
const integration = {
  environment: "node",
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: "forks",
  poolOptions: { forks: { singleFork: true } },
} as const;

// Three tiers: unit tests need no servers and mirror the source path; integration tests
// (test/) run against the real Kafka broker and Redis that test/support/stack.ts
// resolves; integration-cluster runs CLUSTER_TESTS again with a Redis Cluster instead.
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
          globalSetup: ["test/support/global-setup.ts"],
          // Also set by the globalSetup; here too so a run of both integration projects
          // in one vitest process gives each its own mode.
          env: { REDIS_MODE: "standalone" },
          ...integration,
        },
      },
      {
        test: {
          name: "integration-cluster",
          include: CLUSTER_TESTS,
          globalSetup: ["test/support/global-setup-cluster.ts"],
          env: { REDIS_MODE: "cluster" },
          ...integration,
        },
      },
    ],
  },
});
