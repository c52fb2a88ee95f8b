import { expect, it } from "vitest";
import { loadConfig, topicEnv, topicSettings } from "../src/index.js";

it("topicEnv points a service at the given topic names, and the service reads them back", () => {
  const names = { transactions: "t", labels: "l", decisions: "d", alerts: "a", deadLetters: "x", models: "m" };
  expect(topicEnv(names)).toEqual({
    TOPIC_TRANSACTIONS: "t",
    TOPIC_LABELS: "l",
    TOPIC_DECISIONS: "d",
    TOPIC_ALERTS: "a",
    TOPIC_DEAD_LETTERS: "x",
    TOPIC_MODELS: "m",
  });
  expect(loadConfig(topicSettings, topicEnv(names))).toEqual(names);
});
