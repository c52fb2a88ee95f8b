import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/ops/progress.js";
import { cachedPing } from "../../src/ops/readiness.js";

describe("progress", () => {
  it("calls a partition stalled only after failing continuously past the bound, and clears it on success", () => {
    let t = 0;
    const p = createProgress(() => t, { stallMs: 1000, wedgeMs: 5000 });
    p.attemptStarted("t:0");
    p.attemptFailed("t:0");
    t = 900;
    p.attemptStarted("t:0");
    p.attemptFailed("t:0");
    expect(p.stalled()).toEqual([]);
    t = 1500;
    expect(p.stalled()).toEqual(["t:0"]);
    p.attemptSettled("t:0");
    expect(p.stalled()).toEqual([]);
  });

  it("calls an attempt wedged once it runs past its bound", () => {
    let t = 0;
    const p = createProgress(() => t, { stallMs: 1000, wedgeMs: 5000 });
    p.attemptStarted("t:1");
    t = 4000;
    expect(p.wedged()).toEqual([]);
    t = 6000;
    expect(p.wedged()).toEqual(["t:1"]);
  });
});

describe("cachedPing", () => {
  it("answers from the last result and turns false while a ping hangs past its timeout", async () => {
    const t = 0;
    let answer: (() => void) | undefined;
    const check = cachedPing({ ping: () => new Promise<void>((r) => (answer = r)) }, () => t, 60_000, 1000);
    expect(check.ok()).toBe(false);
    answer?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(check.ok()).toBe(true);
    check.stop();
  });
});
