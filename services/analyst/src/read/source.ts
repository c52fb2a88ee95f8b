/** The port the tail reads from; kafkajs stays behind it (read/kafka-source.ts). */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  value: Buffer | null;
}

export interface RecordSource {
  /** Starts reading; resolves once records can flow (group joined, start offsets set). */
  start(onBatch: (records: RawRecord[]) => Promise<void>): Promise<void>;
  /** Rejects if the source fails for good (e.g. a consumer crash it will not restart from). */
  readonly failed: Promise<never>;
  /** Stops reading and releases connections; safe to call more than once. */
  stop(): Promise<void>;
}
