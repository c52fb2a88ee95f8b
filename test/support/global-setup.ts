import type { RedisMode } from "@fraud/platform";
import type { TestProject } from "vitest/node";
import { resolveStack, type StackKind } from "./stack.js";

/**
 * vitest globalSetup of the integration project: resolves the stack once (see
 * stack.ts) and hands its addresses to the test files through `inject()`, and through
 * KAFKA_BROKERS / REDIS_URL for code under test that reads its own config.
 */
declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
    redisUrl: string;
    /** standalone, or cluster in the integration-cluster project (redisUrl then lists seeds). */
    redisMode: RedisMode;
    stackKind: StackKind;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await resolveStack();
  console.log(`[integration] stack: ${stack.kind} (kafka ${stack.kafkaBrokers}, redis ${stack.redisUrl})`);
  process.env.KAFKA_BROKERS = stack.kafkaBrokers;
  process.env.REDIS_URL = stack.redisUrl;
  process.env.REDIS_MODE = "standalone";
  project.provide("kafkaBrokers", stack.kafkaBrokers);
  project.provide("redisUrl", stack.redisUrl);
  project.provide("redisMode", "standalone");
  project.provide("stackKind", stack.kind);
  return () => stack.stop();
}
