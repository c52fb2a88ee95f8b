import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { applyTopics, type WantedTopic } from "../../infra/topics/apply.js";
import { cleanupLater, kafkaForTest, randomId } from "../support/helpers.js";

// infra/topics.ts against the real broker, on random topic names.
const { ConfigResourceTypes } = kafkajs;
const DAY = 86_400_000;

describe("topic admin (infra/topics/apply.ts)", () => {
  it("creates, then leaves alone, then raises partitions and updates configs, keeping other overrides", async () => {
    const admin = kafkaForTest().admin();
    await admin.connect();
    const names = [randomId("test-admin"), randomId("test-admin")];
    cleanupLater("delete admin-test topics", () => admin.deleteTopics({ topics: names }));
    const wanted: WantedTopic[] = [
      { name: names[0]!, partitions: 2, retentionMs: 7 * DAY, cleanupPolicy: "delete" },
      { name: names[1]!, partitions: 1, retentionMs: -1, cleanupPolicy: "compact" },
    ];
    const configOf = async (topic: string) => {
      const res = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      });
      return Object.fromEntries(res.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
    };
    const partitionsOf = async (topic: string) =>
      (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;

    expect((await applyTopics(admin, wanted)).map((o) => o.action)).toEqual(["created", "created"]);
    expect(await partitionsOf(names[0]!)).toBe(2);
    expect(await configOf(names[1]!)).toMatchObject({ "retention.ms": "-1", "cleanup.policy": "compact" });

    expect((await applyTopics(admin, wanted)).map((o) => o.action)).toEqual(["unchanged", "unchanged"]);

    // An operator's own override must survive our (whole-set) AlterConfigs.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: names[0]!,
          configEntries: [
            { name: "retention.ms", value: String(7 * DAY) },
            { name: "cleanup.policy", value: "delete" },
            { name: "max.message.bytes", value: "2000000" },
          ],
        },
      ],
    });
    const grown = [{ ...wanted[0]!, partitions: 4, retentionMs: 3 * DAY }, wanted[1]!];
    const outcomes = await applyTopics(admin, grown);
    expect(outcomes[0]).toEqual({
      topic: names[0],
      action: "updated",
      changes: ["partitions 2 -> 4", `retention.ms ${7 * DAY} -> ${3 * DAY}`],
    });
    expect(outcomes[1]!.action).toBe("unchanged");
    expect(await partitionsOf(names[0]!)).toBe(4);
    expect(await configOf(names[0]!)).toMatchObject({
      "retention.ms": String(3 * DAY),
      "cleanup.policy": "delete",
      "max.message.bytes": "2000000",
    });

    // Fewer declared partitions than exist: reported, never shrunk.
    const shrunk = await applyTopics(admin, [{ ...grown[0]!, partitions: 1 }]);
    expect(shrunk[0]).toMatchObject({ action: "updated", changes: [expect.stringContaining("left as is")] });
    expect(await partitionsOf(names[0]!)).toBe(4);
  });
});
