/**
 * What the pipeline sees of a consumed batch: plain data, no kafkajs types, so the
 * stages can be tested without a broker and the client can be swapped.
 */
export interface RawRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Broker or producer timestamp, ms as a string (kafkajs style). */
  timestamp: string;
}

export interface InputBatch {
  topic: string;
  partition: number;
  records: readonly RawRecord[];
  /** The partition's end offset as the fetch saw it ("caught up" = end + 1 >= this). */
  highWatermark?: string;
  /**
   * The batch's last offset counting what a read_committed consumer never sees (commit
   * markers of upstream Kafka transactions, aborted records); at least the last record's.
   * A batch handled whole is committed past it, so a partition written transactionally can
   * still reach its log end, look caught up and go idle. Absent: the last record's.
   */
  end?: string;
}

/** The offset to commit once every record of the batch is handled: past its end. */
export const offsetAfter = (b: InputBatch): bigint => BigInt(b.end ?? b.records.at(-1)?.offset ?? "-1") + 1n;

/** Lets a long-running handler keep its partition and notice when it lost it. */
export interface BatchControl {
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** True once a rebalance took the partition away: the batch must be abandoned. */
  isStale(): boolean;
}
