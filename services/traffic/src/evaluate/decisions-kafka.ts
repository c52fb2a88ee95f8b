import type { Codecs, Decision } from "@fraud/contracts";
import { readTopicSnapshot } from "@fraud/platform";
import type { Kafka } from "kafkajs";

export interface ReadDecisionsOptions {
  kafka: Kafka;
  codecs: Codecs;
  topic: string;
  /** Give up waiting when nothing arrives for this long (an open transaction can hold the end back). */
  idleMs?: number;
  onBadRecord?: (err: unknown, where: { partition: number; offset: string }) => void;
}

export interface DecisionsRead {
  decisions: Decision[];
  bad: number;
  /** Partitions whose end offset (taken at start) was not reached before the idle timeout. */
  unfinished: number[];
}

/**
 * Reads the decisions topic from the beginning up to the end offsets it had when we
 * started (see readTopicSnapshot): an evaluation is a snapshot, not a tail. Decisions of
 * aborted scorer transactions are not counted.
 */
export async function readDecisionsFromKafka(o: ReadDecisionsOptions): Promise<DecisionsRead> {
  const decisions: Decision[] = [];
  let bad = 0;
  const { unfinished } = await readTopicSnapshot(
    o.kafka,
    o.topic,
    (partition, m) => {
      try {
        decisions.push(o.codecs.decision.decode(m.value));
      } catch (err) {
        bad++;
        o.onBadRecord?.(err, { partition, offset: m.offset });
      }
    },
    { idleMs: o.idleMs, groupPrefix: "traffic-evaluate" },
  );
  return { decisions, bad, unfinished };
}
