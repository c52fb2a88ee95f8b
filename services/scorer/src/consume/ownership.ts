import type { InputBatch } from "./batch.js";
import type { Committed } from "./kafka-source.js";

/**
 * Taking over a partition safely. kafkajs reads the group's committed offsets without
 * KIP-447's require_stable, so right after a crash or a rebalance it can read an offset
 * that the previous owner's last transaction is still committing, and the batch would be
 * published twice. So, before the first batch of a partition in each assignment:
 *   1. fence: initialise this partition's transactional id, which aborts the previous
 *      owner's open transaction or waits until its commit has completed;
 *   2. read the committed offset again, now stable, and skip every record below it;
 *      what was committed beside it (the partition's event-time state) goes to `resumed`.
 */
export interface OwnershipPort {
  fence(topic: string, partition: number): Promise<void>;
  /** The group's committed offset for the partition (-1 when it has none) and its metadata. */
  committedOffset(topic: string, partition: number): Promise<Committed>;
  /** Told the committed metadata each time a partition is taken over. */
  resumed?(topic: string, partition: number, metadata: string): void;
}

export interface Ownership {
  /** The batch without the records a previous owner already committed. */
  admit(batch: InputBatch): Promise<InputBatch>;
  /** Called on every new assignment: partitions must be taken over again. */
  reset(): void;
  /**
   * After a failed commit whose outcome is unknown (it may have committed): take the
   * partition over again before the retry, so a batch that did commit is not sent twice.
   */
  forget(topic: string, partition: number): void;
}

export function createOwnership(port: OwnershipPort): Ownership {
  const floors = new Map<string, bigint>();
  return {
    async admit(batch) {
      const key = `${batch.topic}:${batch.partition}`;
      let floor = floors.get(key);
      if (floor === undefined) {
        await port.fence(batch.topic, batch.partition);
        const committed = await port.committedOffset(batch.topic, batch.partition);
        floor = committed.offset;
        port.resumed?.(batch.topic, batch.partition, committed.metadata);
        floors.set(key, floor);
      }
      // Offsets ascend within a batch: usually the whole batch is past the floor.
      const first = batch.records[0];
      if (!first || BigInt(first.offset) >= floor) return batch;
      const from = floor;
      return { ...batch, records: batch.records.filter((r) => BigInt(r.offset) >= from) };
    },
    reset() {
      floors.clear();
    },
    forget(topic, partition) {
      floors.delete(`${topic}:${partition}`);
    },
  };
}
