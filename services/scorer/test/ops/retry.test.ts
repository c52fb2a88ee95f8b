import { Writable } from "node:stream";
import { createLogger, FraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { retryTransient } from "../../src/ops/retry.js";

const logger = createLogger({
  level: "silent",
  service: "test",
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});
const control = (over: Partial<{ running: boolean; stale: boolean }> = {}) => ({
  heartbeats: 0,
  async heartbeat() {
    this.heartbeats++;
  },
  isRunning: () => over.running ?? true,
  isStale: () => over.stale ?? false,
});

describe("retryTransient", () => {
  it("retries transient failures with capped exponential backoff until success, heartbeating", async () => {
    const sleeps: number[] = [];
    let attempts = 0;
    const c = control();
    const result = await retryTransient(
      async () => {
        if (++attempts < 5) throw new FraudError("REDIS_UNAVAILABLE", "down");
        return "ok";
      },
      c,
      { initialMs: 100, maxMs: 300 },
      logger,
      undefined,
      async (ms) => {
        sleeps.push(ms);
      },
    );
    expect(result).toEqual({ done: true, value: "ok" });
    expect(sleeps).toEqual([100, 200, 300, 300]);
    expect(c.heartbeats).toBe(4);
  });

  it("rethrows what is not transient, without retrying", async () => {
    let attempts = 0;
    const fatal = retryTransient(
      async () => {
        attempts++;
        throw new FraudError("REDIS_SCRIPT", "bug");
      },
      control(),
      { initialMs: 1, maxMs: 1 },
      logger,
    );
    await expect(fatal).rejects.toMatchObject({ code: "FRAUD_ERR_REDIS_SCRIPT" });
    expect(attempts).toBe(1);
  });

  it("gives the batch up when the partition was revoked or the consumer stops", async () => {
    const work = async () => "never";
    expect(await retryTransient(work, control({ stale: true }), { initialMs: 1, maxMs: 1 }, logger)).toEqual({
      done: false,
      reason: "stale",
    });
    expect(await retryTransient(work, control({ running: false }), { initialMs: 1, maxMs: 1 }, logger)).toEqual({
      done: false,
      reason: "stopping",
    });
  });
});

describe("retryTransient during a rebalance", () => {
  it("gives the partition up when the heartbeat says the group is rebalancing", async () => {
    const c = {
      heartbeat: async () => {
        throw Object.assign(new Error("rebalancing"), { type: "REBALANCE_IN_PROGRESS" });
      },
      isRunning: () => true,
      isStale: () => false,
    };
    const work = async () => {
      throw new FraudError("REDIS_UNAVAILABLE", "down");
    };
    expect(await retryTransient(work, c, { initialMs: 1, maxMs: 1 }, logger, undefined, async () => {})).toEqual({
      done: false,
      reason: "stale",
    });
  });
});
