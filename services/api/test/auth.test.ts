import { createHash, timingSafeEqual } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { authorized, parseKeys, presentedKey } from "../src/auth.js";

const KEY = "k3y-0123456789abcdef";

describe("API keys", () => {
  it("accepts a configured key, plain or as its sha256", () => {
    const hashed = `sha256:${createHash("sha256").update(KEY).digest("hex")}`;
    for (const config of [KEY, hashed, `other-key-0123456789,${hashed}`]) {
      const keys = parseKeys(config);
      expect(authorized(keys, KEY)).toBe(true);
      expect(authorized(keys, `${KEY}x`)).toBe(false);
      expect(authorized(keys, "")).toBe(false);
      expect(authorized(keys, undefined)).toBe(false);
    }
  });

  it("refuses short keys and malformed digests at config time", () => {
    expect(() => parseKeys("short")).toThrow("at least 16 characters");
    expect(() => parseKeys("sha256:abc")).toThrow("64 hex digits");
  });

  it("compares every key with timingSafeEqual on equal-length digests, whatever matched", () => {
    const spy = vi.fn(timingSafeEqual);
    const keys = parseKeys(`first-key-0123456789,${KEY},third-key-0123456789`);
    for (const presented of [
      KEY,
      "first-key-0123456789",
      "nope",
      "a-much-longer-presented-key-than-any-configured-one",
    ]) {
      spy.mockClear();
      authorized(keys, presented, spy);
      // No early exit: the time taken does not reveal which key (if any) matched.
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
    }
  });

  it("reads a bearer token or X-API-Key", () => {
    expect(presentedKey({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(presentedKey({ authorization: `bearer ${KEY}` })).toBe(KEY);
    expect(presentedKey({ "x-api-key": KEY })).toBe(KEY);
    expect(presentedKey({ authorization: `Basic ${KEY}` })).toBeUndefined();
  });
});
