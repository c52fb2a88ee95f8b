import type { RedisClient } from "@fraud/platform";
import { FraudError } from "@fraud/platform";

/**
 * Which model version decided each transaction, so a transaction seen again after a
 * swap (a producer's duplicate, a replay) is decided by the model that decided it the
 * first time and yields the decision it had. One key per transaction,
 * `<prefix>mv:<transaction id>` → version, written with SET NX GET: the first writer
 * wins and every later claim reads the winner, in one command (Redis >= 7.0). All keys
 * of a batch are sent together (one round trip; each key routed on its own, so it also
 * works on a Redis Cluster). The TTL matches the transaction memory (TXN_MEMORY_TTL).
 * A claim from an attempt that never committed stays: the retry re-reads it and decides
 * with the same version, which is right, because nothing of that attempt was published.
 */
export interface VersionMemory {
  /** For each transaction id: the version that decided it before, or `version` (now claimed). */
  claim(ids: readonly string[], version: string): Promise<string[]>;
}

export function createVersionMemory(redis: RedisClient, keyPrefix: string, ttlMs: number): VersionMemory {
  return {
    async claim(ids, version) {
      if (ids.length === 0) return [];
      try {
        const previous = await Promise.all(
          ids.map((id) => redis.set(`${keyPrefix}mv:${id}`, version, "PX", ttlMs, "NX", "GET")),
        );
        return previous.map((p) => p ?? version);
      } catch (cause) {
        throw new FraudError("REDIS_UNAVAILABLE", `cannot claim model versions: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
  };
}
