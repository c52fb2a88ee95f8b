import type { Admin } from "kafkajs";

/**
 * Consumer lag computed when Prometheus scrapes, from the group's committed offsets and
 * the partitions' end offsets, both read from the broker then. A lag recorded per batch
 * goes stale the moment batches stop (a caught-up partition kept showing 1,031); this
 * one cannot. It also covers partitions that no instance is consuming.
 *
 * lag = end offset - committed offset; with no committed offset yet, end - start (all of
 * it is to be read). An input written in Kafka transactions ends with a commit marker;
 * the scorer commits past the markers a batch carries (consume/batch.ts), so it reads 0
 * when caught up.
 */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export interface LagReader {
  read(): Promise<PartitionLag[]>;
  close(): Promise<void>;
}

export type LagAdmin = Pick<Admin, "connect" | "disconnect" | "fetchOffsets" | "fetchTopicOffsets">;

export function createLagReader(admin: LagAdmin, groupId: string, topics: readonly string[]): LagReader {
  let connected: Promise<void> | undefined;
  return {
    async read() {
      connected ??= admin.connect().catch((err) => {
        connected = undefined;
        throw err;
      });
      await connected;
      const [committed, ...ends] = await Promise.all([
        admin.fetchOffsets({ groupId, topics: [...topics] }),
        ...topics.map((t) => admin.fetchTopicOffsets(t)),
      ]);
      return computeLag(topics, committed, ends);
    },
    async close() {
      if (connected) await connected.then(() => admin.disconnect()).catch(() => undefined);
    },
  };
}

/** Pure: the lag rows from what the broker answered (exported for unit tests). */
export function computeLag(
  topics: readonly string[],
  committed: readonly { topic: string; partitions: readonly { partition: number; offset: string }[] }[],
  ends: readonly (readonly { partition: number; high: string; low: string }[])[],
): PartitionLag[] {
  const rows: PartitionLag[] = [];
  topics.forEach((topic, i) => {
    const group = new Map(
      (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
    );
    for (const p of ends[i] ?? []) {
      const high = BigInt(p.high);
      const done = group.get(p.partition) ?? -1n;
      const from = done >= 0n ? done : BigInt(p.low);
      rows.push({ topic, partition: p.partition, lag: Number(high > from ? high - from : 0n) });
    }
  });
  return rows;
}
