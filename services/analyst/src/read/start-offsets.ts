import type { Admin } from "kafkajs";
import type { From } from "./from.js";

/**
 * The first offset to read on every partition of `topic`, resolved once at start so the
 * tail never depends on the consumer's offset reset policy:
 * now → high watermark; beginning → low watermark; time → ListOffsets by timestamp
 * (kafkajs answers the high watermark for partitions with nothing at or after it).
 */
export async function startOffsets(admin: Admin, topic: string, from: From): Promise<Map<number, string>> {
  const offsets =
    from.kind === "time"
      ? await admin.fetchTopicOffsetsByTimestamp(topic, from.at)
      : (await admin.fetchTopicOffsets(topic)).map((p) => ({
          partition: p.partition,
          offset: from.kind === "beginning" ? p.low : p.high,
        }));
  return new Map(offsets.map((p) => [p.partition, p.offset]));
}
