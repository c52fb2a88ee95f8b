import { Socket } from "node:net";
import type { Admin } from "kafkajs";
import { FraudError } from "./errors.js";

/**
 * Start-up checks that turn an operator's mistake into one line naming what to fix,
 * within seconds, instead of a client library's retries and stack traces.
 */

/** Connects to each broker (TCP only); fails naming the unreachable ones and KAFKA_BROKERS. */
export async function checkBrokersReachable(brokers: readonly string[], timeoutMs = 5000): Promise<void> {
  const results = await Promise.all(brokers.map(async (b) => ({ b, problem: await tcpProblem(b, timeoutMs) })));
  const down = results.filter((r) => r.problem !== undefined);
  if (down.length < brokers.length) return;
  throw new FraudError(
    "KAFKA_UNREACHABLE",
    `KAFKA_BROKERS=${brokers.join(",")}: no broker could be reached within ${timeoutMs} ms (${down
      .map((r) => `${r.b}: ${r.problem}`)
      .join("; ")}); start the brokers or fix the variable`,
    { details: { brokers: [...brokers] } },
  );
}

function tcpProblem(broker: string, timeoutMs: number): Promise<string | undefined> {
  const i = broker.lastIndexOf(":");
  const host = broker.slice(0, i);
  const port = Number(broker.slice(i + 1));
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (problem?: string) => {
      socket.destroy();
      done(problem);
    };
    socket.setTimeout(timeoutMs, () => finish("timed out"));
    socket.once("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    socket.connect(port, host, () => finish());
  });
}

/**
 * Every topic a service reads or writes must exist: `topics` maps each topic's variable to
 * its name. Fails naming each missing topic and the variable that names it.
 */
export async function checkTopicsExist(admin: Admin, topics: Readonly<Record<string, string>>): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = Object.entries(topics).filter(([, name]) => !existing.has(name));
  if (missing.length === 0) return;
  throw new FraudError(
    "KAFKA_TOPIC_MISSING",
    missing
      .map(
        ([env, name]) =>
          `${env}=${name}: topic does not exist; create it with npx tsx infra/topics.ts or fix the variable`,
      )
      .join("\n"),
    { details: { missing: missing.map(([env, name]) => ({ env, name })) } },
  );
}

/** What the Redis check needs of a client: an ioredis Redis or Cluster both fit. */
export interface ConnectableRedis {
  readonly status: string;
  connect(): Promise<unknown>;
  ping(): Promise<unknown>;
  disconnect(): void;
  on(event: "error", listener: (err: Error) => void): unknown;
}

/**
 * Connects a lazily-connecting ioredis client and pings it, within `timeoutMs`. A refused
 * password or an unreachable URL becomes one line naming the variables. The client keeps
 * an error listener so ioredis never prints "Unhandled error event".
 */
export async function connectRedisOrExplain(redis: ConnectableRedis, url: string, timeoutMs = 5000): Promise<void> {
  let last: Error | undefined;
  redis.on("error", (e: Error) => {
    last = e;
  });
  const shownUrl = url.replace(/\/\/[^@/]*@/, "//(credentials)@");
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        if (redis.status === "wait") await redis.connect();
        await redis.ping();
      })(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(last ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    redis.disconnect();
    // The rejection is often just "Connection is closed."; the reason came as an error event.
    const reasons = [last?.message, (err as Error).message ?? String(err)].filter((m): m is string => !!m);
    const authReason = reasons.find((m) => /WRONGPASS|NOAUTH|invalid password|invalid username|AUTH/i.test(m));
    const auth = authReason !== undefined;
    const message = authReason ?? reasons[0] ?? "unknown error";
    throw new FraudError(
      "REDIS_REFUSED",
      auth
        ? `Redis at REDIS_URL=${shownUrl} refused the credentials (${message.split("\n")[0]}); fix REDIS_PASSWORD (and REDIS_USERNAME)`
        : `Redis at REDIS_URL=${shownUrl} cannot be reached (${message.split("\n")[0]}); start Redis or fix REDIS_URL`,
      { details: { auth } },
    );
  } finally {
    clearTimeout(timer);
  }
}
