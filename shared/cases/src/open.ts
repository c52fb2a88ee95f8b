import { type Codecs, codecsOptions, createCodecs, registrySettings } from "@fraud/contracts";
import {
  type Clock,
  type ConfigOf,
  createKafka,
  createRedis,
  int,
  kafkaSettings,
  type Logger,
  redisSettings,
  topicSettings,
} from "@fraud/platform";
import { createDesk, type Desk } from "./desk/desk.js";
import { type Feed, startFeed } from "./feed/kafka-feed.js";
import { CaseIndex, DEFAULT_LIMITS } from "./index/case-index.js";
import { kafkaLabelSink } from "./labels/sink.js";
import { createCaseStore } from "./store/case-store.js";

/** The settings of anything that opens the desk (the console, the analyst CLI). */
export const casesSettings = {
  ...kafkaSettings,
  alerts: topicSettings.alerts,
  decisions: topicSettings.decisions,
  labels: topicSettings.labels,
  ...registrySettings,
  ...redisSettings,
  maxAlerts: int(
    "CASES_MAX_ALERTS",
    "Alerts kept in memory (oldest evicted first); about 2.4 KB each (measured, 31 features, 3 reasons).",
    DEFAULT_LIMITS.maxAlerts,
    1,
  ),
  maxDecisions: int(
    "CASES_MAX_DECISIONS",
    "Decisions kept in memory for card histories and terminal rates (oldest evicted first); about 3 KB each (measured).",
    DEFAULT_LIMITS.maxDecisions,
    1,
  ),
};

export type CasesConfig = ConfigOf<typeof casesSettings>;

export interface OpenedDesk {
  desk: Desk;
  feed: Feed;
  codecs: Codecs;
  close(): Promise<void>;
}

/** Builds the desk's adapters from parsed settings and starts filling its index. */
export async function opened(c: CasesConfig, clock: Clock, logger?: Logger): Promise<OpenedDesk> {
  const kafka = createKafka(c, logger);
  const codecs = await createCodecs(codecsOptions(c));
  const redis = createRedis(c);
  await redis.connect();
  const index = new CaseIndex({
    maxAlerts: c.maxAlerts,
    maxDecisions: c.maxDecisions,
    perCard: DEFAULT_LIMITS.perCard,
  });
  const store = createCaseStore(redis, c.keyPrefix, clock);
  const sink = await kafkaLabelSink(kafka, c.labels);
  const feed = await startFeed({
    kafka,
    codecs,
    index,
    topics: { alerts: c.alerts, decisions: c.decisions, labels: c.labels },
    ...(logger ? { logger } : {}),
  });
  const desk = createDesk({ index, store, sink, codecs, clock });
  return {
    desk,
    feed,
    codecs,
    async close() {
      await feed.stop();
      await sink.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
