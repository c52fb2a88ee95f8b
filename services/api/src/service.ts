import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { codecsOptions, createCodecs } from "@fraud/contracts";
import { type ConfigOf, createKafka, type Logger } from "@fraud/platform";
import { Partitioners } from "kafkajs";
import { buildApp } from "./app.js";
import type { apiSettings } from "./config.js";
import { createTransactionPublisher } from "./publish.js";
import { createReplies } from "./replies.js";
import { createScoreDoor } from "./score.js";

export type ApiConfig = ConfigOf<typeof apiSettings>;

/** Builds and starts the API: the decision reader first (so no decision is missed), then the producer, then HTTP. */
export async function startApi(
  config: ApiConfig,
  logger: Logger,
  now: () => number = () => performance.timeOrigin + performance.now(),
) {
  const codecs = await createCodecs(codecsOptions(config));
  const kafka = createKafka(config, logger.child({ component: "kafkajs" }));
  const replies = createReplies(kafka, codecs, {
    groupId: `${config.groupPrefix}-${randomUUID().slice(0, 12)}`,
    decisions: config.decisions,
    alerts: config.alerts,
    lookbackMs: config.lookbackMs,
    cacheSize: config.cacheSize,
    logger,
    now: () => Date.now(),
  });
  await replies.start();
  // The stream's partitioner (Java-compatible murmur2): the same card lands on the same
  // partition from either door, so its events stay in order.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let ready = true;
  const app = buildApp({
    keys: config.apiKeys,
    bodyLimit: config.bodyLimit,
    deadlineMs: config.deadlineMs,
    maxDeadlineMs: config.maxDeadlineMs,
    ...(config.tlsCertFile && config.tlsKeyFile
      ? { tls: { cert: readFileSync(config.tlsCertFile, "utf8"), key: readFileSync(config.tlsKeyFile, "utf8") } }
      : {}),
    logger,
    now,
    ready: () => ready,
    score: createScoreDoor({
      publisher: createTransactionPublisher(producer, config.transactions),
      codecs,
      replies,
      fallback: config.fallback,
      now,
    }),
  });
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info({ address, tls: Boolean(config.tlsCertFile) }, "scoring API listening");
  return {
    address,
    async close() {
      ready = false;
      await app.close();
      await producer.disconnect();
      await replies.stop();
    },
  };
}
