import { fileURLToPath } from "node:url";
import { registrySettings } from "@fraud/contracts";
import {
  bool,
  duration,
  int,
  kafkaSettings,
  oneOf,
  redisSettings,
  type Setting,
  str,
  topicSettings,
} from "@fraud/platform";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_MODEL_DIR = fileURLToPath(new URL("../models/default/", import.meta.url));

const optionalProbability = (env: string, doc: string): Setting<number | undefined> => ({
  env,
  doc,
  optional: true,
  shownDefault: "from the model card",
  parse: (raw) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error("must be a probability between 0 and 1");
    return n;
  },
});

/** Every setting of the scorer. The README's configuration table is rendered from this. */
export const scorerSettings = {
  ...kafkaSettings,
  ...redisSettings,
  ...topicSettings,
  groupId: str(
    "SCORER_GROUP_ID",
    "Consumer group of the scorers; every instance of one deployment shares it.",
    "fraud-scorer",
  ),
  transactionalIdPrefix: str(
    "SCORER_TRANSACTIONAL_ID_PREFIX",
    "Prefix of the per-partition transactional ids. Must be the same on every instance of one deployment and unique across deployments.",
    "fraud-scorer",
  ),
  fromBeginning: bool(
    "SCORER_FROM_BEGINNING",
    "With no committed offsets, start at the earliest record (else the latest).",
    true,
  ),
  modelDir: str("MODEL_DIR", "Directory with model-card.json and the ONNX model it names.", DEFAULT_MODEL_DIR, {
    shownDefault: "services/scorer/models/default",
  }),
  reviewThreshold: optionalProbability(
    "REVIEW_THRESHOLD",
    "Score at or above which a transaction goes to review (overrides the model card).",
  ),
  declineThreshold: optionalProbability(
    "DECLINE_THRESHOLD",
    "Score at or above which a transaction is declined (overrides the model card).",
  ),
  modelRegistryDir: str(
    "MODEL_REGISTRY_DIR",
    "Model registry artifacts (one folder per version). Set, the scorer follows the registry on TOPIC_MODELS and swaps models live; empty, MODEL_DIR decides for the process's life.",
    "",
  ),
  modelDeployment: str(
    "MODEL_DEPLOYMENT",
    "This deployment's key on the models topic (the models CLI takes the same variable).",
    "fraud-scorer",
  ),
  modelCacheSize: int(
    "MODEL_CACHE_SIZE",
    "Model versions kept loaded besides champion, shadow and MODEL_DIR's, so swapping back and forth reuses sessions.",
    2,
    0,
    16,
  ),
  driftWindow: int(
    "DRIFT_WINDOW",
    "Transactions per model version the live drift histograms span (slides by a tenth).",
    20_000,
    100,
  ),
  rulesFile: str(
    "RULES_FILE",
    "Rule file (YAML or JSON) evaluated after the model; empty means the model decides alone. Reloaded when it changes.",
    "",
  ),
  rulesReloadMs: duration("RULES_RELOAD_INTERVAL", "How often the rule file is checked for changes.", 1000, "1s", 100),
  reasonsTopK: int("REASONS_TOP_K", "How many contributing features an alert lists.", 3, 1, 30),
  onnxThreads: int("ONNX_THREADS", "onnxruntime intra-op threads per inference.", 1, 1, 64),
  ...registrySettings,
  txnTtlMs: duration(
    "TXN_MEMORY_TTL",
    "How long a transaction is remembered (redelivery dedup, matching labels).",
    45 * DAY,
    "45d",
    HOUR,
  ),
  entityTtlMs: duration(
    "ENTITY_TTL",
    "An idle card's or terminal's state is dropped after this long.",
    45 * DAY,
    "45d",
    HOUR,
  ),
  labelSeenTtlMs: duration(
    "LABEL_DEDUP_TTL",
    "How long a label id is remembered for deduplication.",
    180 * DAY,
    "180d",
    HOUR,
  ),
  pendingTtlMs: duration(
    "PENDING_LABEL_TTL",
    "How long a label waits for its transaction before it is reported as unmatched.",
    30 * DAY,
    "30d",
    HOUR,
  ),
  latenessMs: duration(
    "ALLOWED_LATENESS",
    "Events up to this much older than the widest window still find their history.",
    DAY,
    "1d",
    0,
  ),
  maxEventsPerCard: int(
    "MAX_EVENTS_PER_CARD",
    "Most events kept per card (bounds memory under card-testing bursts).",
    5000,
    10,
  ),
  sessionTimeoutMs: duration(
    "KAFKA_SESSION_TIMEOUT",
    "Consumer group session timeout (the broker's minimum is 6s).",
    30_000,
    "30s",
    6000,
  ),
  maxWaitMs: duration("KAFKA_MAX_WAIT", "Longest a fetch waits for data; bounds latency at low traffic.", 50, "50ms"),
  partitionsConcurrency: int(
    "SCORER_PARTITIONS_CONCURRENCY",
    "Partitions whose batches are processed at the same time (each has its own transactional producer). Set it to the partitions one instance owns: a batch held by the alignment keeps its slot, and batches' transaction round trips overlap.",
    12,
    1,
    64,
  ),
  maxBytesPerPartition: int(
    "KAFKA_MAX_BYTES_PER_PARTITION",
    "Fetch size per partition; bounds the batch size.",
    262_144,
    1024,
  ),
  retryInitialMs: duration("RETRY_INITIAL_BACKOFF", "First wait after a transient failure.", 200, "200ms"),
  retryMaxMs: duration("RETRY_MAX_BACKOFF", "Longest wait between retries of a transient failure.", 10_000, "10s"),
  httpHost: str("HTTP_HOST", "Address of /metrics, /healthz, /readyz.", "127.0.0.1"),
  httpPort: int("HTTP_PORT", "Port of /metrics, /healthz, /readyz (0 picks a free one).", 9464, 0, 65535),
  shutdownTimeoutMs: duration("SHUTDOWN_STEP_TIMEOUT", "Longest each shutdown step may take.", 10_000, "10s"),
  stallLimitMs: duration(
    "SCORER_STALL_LIMIT",
    "A partition whose batch keeps failing (e.g. cannot publish) for longer than this makes /readyz fail.",
    30_000,
    "30s",
    1000,
  ),
  wedgeLimitMs: duration(
    "SCORER_WEDGE_LIMIT",
    "One attempt at a batch running longer than this (a hang) makes /healthz fail.",
    120_000,
    "2m",
    1000,
  ),
  logLevel: oneOf("LOG_LEVEL", "Log level.", ["fatal", "error", "warn", "info", "debug", "trace"] as const, "info"),
  eventTimeLatenessMs: duration(
    "EVENT_TIME_LATENESS",
    "How far behind its partition's newest event time a record may be and still count as on time; later ones (transactions at their terminal, and labels) count from when their stream reached them. Must be below the terminal delay (7d).",
    DAY,
    "1d",
    0,
  ),
  alignmentWaitMs: duration(
    "ALIGNMENT_MAX_WAIT",
    "Longest a batch waits, inside its handler, for other partitions to catch up in event time before it is fetched again.",
    200,
    "200ms",
  ),
  idleCheckMs: duration(
    "IDLE_CHECK_INTERVAL",
    "How often caught-up partitions are marked idle, so they hold no other partition back.",
    500,
    "500ms",
    50,
  ),
  pendingSweepMs: duration(
    "PENDING_SWEEP_INTERVAL",
    "How often unmatched parked labels are looked for.",
    60_000,
    "1m",
    1000,
  ),
};
