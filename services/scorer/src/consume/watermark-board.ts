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
  read(): Promise<Map<string, PartitionMark>>;
}

/** The two commands the board needs, so Redis and Redis Cluster clients both fit. */
export interface HashCommands {
  hset(key: string, field: string, value: string): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
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
      const low = Number.isFinite(mark.low) ? String(mark.low) : "-inf";
      await redis
        .hset(key, markField(topic, partition), `${low}|${mark.idle ? 1 : 0}`)
        .catch(wrap("publishing a watermark"));
    },
    async read() {
      const all = await redis.hgetall(key).catch(wrap("reading watermarks"));
      const out = new Map<string, PartitionMark>();
      for (const [field, value] of Object.entries(all)) {
        const [low, idle] = value.split("|");
        out.set(field, { low: low === "-inf" ? Number.NEGATIVE_INFINITY : Number(low), idle: idle === "1" });
      }
      return out;
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
    async read() {
      return new Map(marks);
    },
  };
}
