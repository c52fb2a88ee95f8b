/**
 * Simulator throughput: to files and to Kafka (random topics of 12 partitions, deleted
 * afterwards). Events = transactions + chargeback labels.
 *
 *   npx tsx services/traffic/bench/simulate-rate.ts [--days 30] [--cards 2000] [--terminals 500] [--batch 500]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { codecsFromEnv } from "@fraud/contracts";
import { createKafka, createTopicsAndWait, kafkaSettings, loadConfig } from "@fraud/platform";
import { DEFAULT_CHARGEBACKS } from "../src/chargebacks/delay.js";
import { chargebackFor } from "../src/chargebacks/feed.js";
import { interleaveLabels } from "../src/chargebacks/interleave.js";
import { createRng } from "../src/simulate/prng.js";
import { simulateDays } from "../src/simulate/simulator.js";
import { createFileSink, type TimedSink } from "../src/sinks/file-sink.js";
import { createKafkaPublisher, timedToKafka } from "../src/sinks/kafka-sink.js";
import { pump } from "../src/sinks/pump.js";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "30" },
    cards: { type: "string", default: "2000" },
    terminals: { type: "string", default: "500" },
    batch: { type: "string", default: "500" },
    format: { type: "string", default: "csv" },
  },
});
const days = Number(values.days);
const population = { cards: Number(values.cards), terminals: Number(values.terminals) };

function stream() {
  const { events } = simulateDays({ seed: 7, start: Date.UTC(2026, 0, 1), days, population });
  const rng = createRng(7).fork("chargebacks");
  return interleaveLabels(events, (e) => chargebackFor(e, DEFAULT_CHARGEBACKS, rng));
}

async function measure(label: string, sink: TimedSink): Promise<void> {
  const t0 = performance.now();
  const c = await pump(stream(), [sink]);
  await sink.close();
  const secs = (performance.now() - t0) / 1000;
  const n = c.transactions + c.labels;
  console.log(
    `${label.padEnd(8)} ${n} events (${c.transactions} tx, ${c.labels} labels) in ${secs.toFixed(2)} s = ${Math.round(n / secs)} events/s`,
  );
}

// Generation alone, for reference.
{
  const t0 = performance.now();
  let n = 0;
  for (const _ of stream()) n++;
  const secs = (performance.now() - t0) / 1000;
  console.log(`${"memory".padEnd(8)} ${n} events in ${secs.toFixed(2)} s = ${Math.round(n / secs)} events/s`);
}

const dir = mkdtempSync(join(tmpdir(), "traffic-bench-"));
try {
  await measure(`file ${values.format}`, createFileSink(dir, values.format as "csv" | "jsonl"));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const kafka = createKafka(loadConfig(kafkaSettings));
const admin = kafka.admin();
await admin.connect();
const suffix = randomUUID().slice(0, 8);
const topics = { transactions: `bench-transactions-${suffix}`, labels: `bench-labels-${suffix}` };
await createTopicsAndWait(admin, [
  { topic: topics.transactions, numPartitions: 12 },
  { topic: topics.labels, numPartitions: 12 },
]);
try {
  const publisher = await createKafkaPublisher({
    kafka,
    codecs: await codecsFromEnv(),
    topics,
    batchSize: Number(values.batch),
  });
  await measure("kafka", timedToKafka(publisher));
  const offsets = await admin.fetchTopicOffsets(topics.transactions);
  console.log(
    `kafka    broker holds ${offsets.reduce((s, p) => s + Number(p.high), 0)} transactions on ${offsets.length} partitions`,
  );
} finally {
  await admin.deleteTopics({ topics: Object.values(topics) });
  await admin.disconnect();
}
