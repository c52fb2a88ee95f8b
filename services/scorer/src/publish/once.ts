import { FraudError, type RedisClient } from "@fraud/platform";

/**
 * One decision per transaction id, whichever door(s) a transaction came through. The
 * first record of an id claims it with its partition and offset (SET NX GET, one
 * pipelined round trip per batch). A later record of the same id on the same partition
 * at a higher offset is a duplicate submission: the claim's batch committed before it
 * (offsets commit in order), so its decision is already on the topic and this one
 * publishes nothing. The claimant itself, redelivered after a failed batch, finds its
 * own claim and publishes again, so an aborted decision is never lost. Both doors key
 * by card token, so a transaction's records share a partition; a duplicate on another
 * partition (a different key) cannot be ordered and is published.
 *
 *   <prefix>once:{<transaction_id>}   "<partition>:<offset>", expires with the transaction memory
 */
export function createOnceIndex(redis: RedisClient, prefix: string, ttlMs: number) {
  const key = (id: string) => `${prefix}once:{${id}}`;
  return {
    /** For each record, whether its decision should be published. */
    async claim(partition: number, records: readonly { id: string; offset: string }[]): Promise<boolean[]> {
      if (records.length === 0) return [];
      const replies = await Promise.all(
        records.map((r) => redis.set(key(r.id), `${partition}:${r.offset}`, "PX", ttlMs, "NX", "GET")),
      ).catch((cause) => {
        throw new FraudError("REDIS_UNAVAILABLE", `Redis failed while claiming decisions: ${cause.message}`, { cause });
      });
      return records.map((r, i) => {
        const previous = replies[i];
        if (previous === null || previous === undefined) return true;
        const [p, o] = String(previous).split(":");
        if (Number(p) !== partition) return true;
        return BigInt(o as string) >= BigInt(r.offset);
      });
    },
  };
}

export type OnceIndex = ReturnType<typeof createOnceIndex>;
