import type { Codecs, Decision } from "@fraud/contracts";
import { readTopicSnapshot } from "@fraud/platform";
import type { Kafka } from "kafkajs";

/** Decisions on the topic now (a snapshot), the last per transaction id; undecodable ones counted. */
export async function readDecisions(
  kafka: Kafka,
  codecs: Codecs,
  topic: string,
): Promise<{ decisions: Decision[]; bad: number }> {
  const byId = new Map<string, Decision>();
  let bad = 0;
  await readTopicSnapshot(
    kafka,
    topic,
    (_p, m) => {
      try {
        const d = codecs.decision.decode(m.value);
        byId.set(d.transaction_id, d);
      } catch {
        bad++;
      }
    },
    { groupPrefix: "models-cli" },
  );
  return { decisions: [...byId.values()], bad };
}

/** Labels on the topic now: transaction id → fraud (a fraud label wins over a genuine one). */
export async function readLabels(kafka: Kafka, codecs: Codecs, topic: string): Promise<Map<string, boolean>> {
  const labels = new Map<string, boolean>();
  await readTopicSnapshot(
    kafka,
    topic,
    (_p, m) => {
      try {
        const l = codecs.label.decode(m.value);
        labels.set(l.transaction_id, (labels.get(l.transaction_id) ?? false) || l.is_fraud);
      } catch {
        // A poison label is the scorer's to dead-letter; the comparison just leaves it out.
      }
    },
    { groupPrefix: "models-cli" },
  );
  return labels;
}
