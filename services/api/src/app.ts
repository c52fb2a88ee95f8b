import { readFileSync } from "node:fs";
import type { Transaction } from "@fraud/contracts";
import { FraudError, type Logger, maskPans } from "@fraud/platform";
import Fastify, { type FastifyInstance } from "fastify";
import { authorized, type KeyDigests, presentedKey } from "./auth.js";
import { transactionFromBody } from "./request.js";
import type { ScoreResponse } from "./score.js";

export const OPENAPI_PATH = new URL("../openapi.json", import.meta.url);

export interface AppOptions {
  keys: KeyDigests;
  bodyLimit: number;
  deadlineMs: number;
  maxDeadlineMs: number;
  tls?: { cert: string; key: string };
  logger: Logger;
  score(tx: Transaction, deadlineMs: number, startedAt: number): Promise<ScoreResponse>;
  ready(): boolean;
  /** Monotonic-enough ms clock for latency and deadlines. */
  now(): number;
}

const STATUS: Record<string, number> = {
  FRAUD_ERR_API_UNAUTHORIZED: 401,
  FRAUD_ERR_API_BAD_REQUEST: 400,
  FRAUD_ERR_VALIDATE_INVALID_RECORD: 400,
  FRAUD_ERR_VALIDATE_CONTAINS_PAN: 400,
  FRAUD_ERR_VALIDATE_LIMIT: 400,
  FRAUD_ERR_KAFKA_UNAVAILABLE: 503,
};

/**
 * The HTTP edge: auth, body limit, the deadline header, errors as `{error: {code,
 * message, field}}`. Bodies are never logged (they hold card tokens and could hold a
 * PAN); error messages are PAN-masked.
 */
export function buildApp(o: AppOptions): FastifyInstance {
  const openapi = readFileSync(OPENAPI_PATH, "utf8");
  // No fastify logger: it would log requests; the API logs its own lines, never a body.
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit,
    ...(o.tls ? { https: { cert: o.tls.cert, key: o.tls.key } } : {}),
  }) as unknown as FastifyInstance;

  app.setErrorHandler(
    (err: Error & { statusCode?: number; code?: string; details?: Record<string, unknown> }, _req, reply) => {
      const status = err instanceof FraudError ? (STATUS[err.code] ?? 500) : (err.statusCode ?? 500);
      // fastify's own refusals (bad JSON, body too large, wrong media type) are the caller's fault.
      const code =
        err instanceof FraudError ? err.code : status < 500 ? "FRAUD_ERR_API_BAD_REQUEST" : "FRAUD_ERR_UNEXPECTED";
      if (status >= 500) o.logger.error({ code, err: { message: maskPans(err.message) } }, "request failed");
      const field =
        err instanceof FraudError && typeof err.details.field === "string" ? { field: err.details.field } : {};
      void reply.code(status).send({ error: { code, message: maskPans(err.message), ...field } });
    },
  );

  app.get("/openapi.json", async (_req, reply) => reply.type("application/json").send(openapi));
  app.get("/healthz", async () => ({ ok: true }));
  app.get("/readyz", async (_req, reply) => reply.code(o.ready() ? 200 : 503).send({ ready: o.ready() }));

  // Before the body is read: an unauthenticated caller costs no parsing.
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/v1/")) return;
    (req as { startedAt?: number }).startedAt = o.now();
    if (!authorized(o.keys, presentedKey(req.headers))) {
      throw new FraudError(
        "API_UNAUTHORIZED",
        "a valid API key is required (Authorization: Bearer <key> or X-API-Key)",
      );
    }
  });

  app.post("/v1/score", async (req, reply) => {
    const startedAt = (req as { startedAt?: number }).startedAt ?? o.now();
    const deadline = deadlineOf(req.headers["x-deadline-ms"], o.deadlineMs, o.maxDeadlineMs);
    const tx = transactionFromBody(req.body);
    const res = await o.score(tx, deadline, startedAt);
    o.logger.debug(
      {
        transaction_id: tx.transaction_id,
        decision: res.decision,
        timed_out: res.timed_out,
        latency_ms: res.latency_ms,
      },
      "scored",
    );
    return reply.send(res);
  });
  return app;
}

function deadlineOf(header: string | string[] | undefined, def: number, max: number): number {
  if (header === undefined) return def;
  const n = Number(header);
  if (typeof header !== "string" || !/^\d+$/.test(header) || n < 1) {
    throw new FraudError("API_BAD_REQUEST", "X-Deadline-Ms must be a whole number of milliseconds, at least 1", {
      details: { field: "X-Deadline-Ms" },
    });
  }
  return Math.min(n, max);
}
