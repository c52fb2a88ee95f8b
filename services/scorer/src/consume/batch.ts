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
  /** The partition's end offset as the fetch saw it ("caught up" = last offset + 1 >= this). */
  highWatermark?: string;
}

/** Lets a long-running handler keep its partition and notice when it lost it. */
export interface BatchControl {
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** True once a rebalance took the partition away: the batch must be abandoned. */
  isStale(): boolean;
}
