import { FraudError } from "@fraud/platform";

/**
 * Where every instance of one deployment publishes, per input partition it owns, the
 * partition's low watermark and whether it is caught up (idle), and reads everyone's.
 * One Redis hash per consumer group (one slot, so it works on Redis Cluster too);
 * field "<topic>:<partition>", value "<low ms>|<1 idle, 0 busy>".
 */
export interface PartitionMark {
  low: number;
  idle: boolean;
}

export interface WatermarkBoard {
  publish(topic: string, partition: number, mark: PartitionMark): Promise<void>;
  /** Every partition's mark; with `mine`, publishes it first in the same round trip. */
  read(mine?: { topic: string; partition: number; mark: PartitionMark }): Promise<Map<string, PartitionMark>>;
}

/** The commands the board needs, so Redis and Redis Cluster clients both fit (one key, one slot). */
export interface HashCommands {
  hset(key: string, field: string, value: string): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
  pipeline(): {
    hset(key: string, field: string, value: string): unknown;
    hgetall(key: string): unknown;
    exec(): Promise<[Error | null, unknown][] | null>;
  };
}

const encode = (mark: PartitionMark) => `${Number.isFinite(mark.low) ? String(mark.low) : "-inf"}|${mark.idle ? 1 : 0}`;

function decode(all: Record<string, string>): Map<string, PartitionMark> {
  const out = new Map<string, PartitionMark>();
  for (const [field, value] of Object.entries(all)) {
    const [low, idle] = value.split("|");
    out.set(field, { low: low === "-inf" ? Number.NEGATIVE_INFINITY : Number(low), idle: idle === "1" });
  }
  return out;
}

export const markField = (topic: string, partition: number) => `${topic}:${partition}`;

export function createRedisBoard(redis: HashCommands, key: string): WatermarkBoard {
  const wrap = (what: string) => (cause: unknown) => {
    throw new FraudError("REDIS_UNAVAILABLE", `Redis unavailable while ${what}: ${(cause as Error).message}`, {
      cause,
    });
  };
  return {
    async publish(topic, partition, mark) {
      await redis.hset(key, markField(topic, partition), encode(mark)).catch(wrap("publishing a watermark"));
    },
    async read(mine) {
      if (!mine) return decode(await redis.hgetall(key).catch(wrap("reading watermarks")));
      const p = redis.pipeline();
      p.hset(key, markField(mine.topic, mine.partition), encode(mine.mark));
      p.hgetall(key);
      const replies = await p.exec().catch(wrap("publishing and reading watermarks"));
      const failed = replies?.find(([err]) => err)?.[0];
      if (!replies || failed) wrap("publishing and reading watermarks")(failed ?? new Error("no reply"));
      return decode(replies?.[1]?.[1] as Record<string, string>);
    },
  };
}

/** For unit tests and the offline tools: the same board in memory. */
export function createMemoryBoard(): WatermarkBoard & { marks: Map<string, PartitionMark> } {
  const marks = new Map<string, PartitionMark>();
  return {
    marks,
    async publish(topic, partition, mark) {
      marks.set(markField(topic, partition), { ...mark });
    },
    async read(mine) {
      if (mine) marks.set(markField(mine.topic, mine.partition), { ...mine.mark });
      return new Map(marks);
    },
  };
}
