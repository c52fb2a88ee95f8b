import { str } from "./config.js";

/**
 * Every topic the pipeline uses, declared once. The stack's admin step applies these
 * (idempotently); services take the names from config so they can be renamed.
 */
export interface TopicDeclaration {
  /** Default name; overridable by `env`. */
  name: string;
  env: string;
  doc: string;
  partitions: number;
  /** -1 keeps records forever. */
  retentionMs: number;
  cleanupPolicy: "delete" | "compact";
}

const DAY = 86_400_000;

export const TOPICS = {
  transactions: {
    name: "transactions",
    env: "TOPIC_TRANSACTIONS",
    doc: "Input: payments, Avro, keyed by card token. 12 partitions so up to 12 scorers share the load.",
    partitions: 12,
    retentionMs: 7 * DAY,
    cleanupPolicy: "delete",
  },
  labels: {
    name: "labels",
    env: "TOPIC_LABELS",
    doc: "Input: fraud confirmations and chargebacks, Avro, keyed by card token.",
    partitions: 3,
    retentionMs: 180 * DAY,
    cleanupPolicy: "delete",
  },
  decisions: {
    name: "decisions",
    env: "TOPIC_DECISIONS",
    doc: "Output: one decision per scored transaction, keyed by transaction id.",
    partitions: 12,
    retentionMs: 30 * DAY,
    cleanupPolicy: "delete",
  },
  alerts: {
    name: "alerts",
    env: "TOPIC_ALERTS",
    doc: "Output: flagged transactions with reasons, keyed by transaction id.",
    partitions: 3,
    retentionMs: 90 * DAY,
    cleanupPolicy: "delete",
  },
  deadLetters: {
    name: "transactions.dlq",
    env: "TOPIC_DEAD_LETTERS",
    doc: "Records that can never be processed, with headers naming their origin and error.",
    partitions: 3,
    retentionMs: 30 * DAY,
    cleanupPolicy: "delete",
  },
  models: {
    name: "models",
    env: "TOPIC_MODELS",
    doc: "The model registry: one JSON state per deployment (key), compacted so the latest state is kept forever. Written by the models CLI, followed by every scorer.",
    partitions: 1,
    retentionMs: -1,
    cleanupPolicy: "compact",
  },
} as const satisfies Record<string, TopicDeclaration>;

export type TopicRole = keyof typeof TOPICS;

export const topicSettings = Object.fromEntries(
  Object.entries(TOPICS).map(([role, t]) => [role, str(t.env, `Topic name: ${t.doc}`, t.name)]),
) as { [K in TopicRole]: ReturnType<typeof str> };

/** The environment that points a service at these topic names (TOPIC_TRANSACTIONS=… for each role). */
export function topicEnv(names: Readonly<Record<TopicRole, string>>): Record<string, string> {
  return Object.fromEntries((Object.keys(TOPICS) as TopicRole[]).map((role) => [TOPICS[role].env, names[role]]));
}
