import { expect, it } from "vitest";
import { kafkaLogLevel } from "../src/index.js";

const entry = (message: string, extra: Record<string, unknown> = {}) => ({
  timestamp: "",
  logger: "kafkajs",
  message,
  ...extra,
});

it("logs what kafkajs retries by itself, and the EoS warning we chose, at debug", () => {
  expect(
    kafkaLogLevel(
      "error",
      entry("Response FindCoordinator(key: 10, version: 2)", {
        error: "The coordinator is loading and hence can't process requests for this group",
      }),
    ),
  ).toBe("debug");
  expect(
    kafkaLogLevel("warn", entry("Limiting retries for the idempotent producer may invalidate EoS guarantees")),
  ).toBe("debug");
});

it("keeps everything else at its level", () => {
  expect(kafkaLogLevel("error", entry("Crash: KafkaJSNonRetriableError: boom"))).toBe("error");
  expect(kafkaLogLevel("error", entry("Response Produce", { error: "Not authorized to access topics" }))).toBe("error");
  expect(kafkaLogLevel("warn", entry("something new"))).toBe("warn");
  expect(kafkaLogLevel("info", entry("Consumer has joined the group"))).toBe("info");
});
