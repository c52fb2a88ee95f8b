import { describe, expect, it } from "vitest";
import { contentFingerprint, txnFingerprint } from "../../src/features/fingerprint.js";
import { keySpace } from "../../src/features/keys.js";

/** The part of a key Redis Cluster hashes: the first {...} with something inside. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = key.indexOf("}", open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe("key space", () => {
  const k = keySpace("fraud:");

  it("puts every key of one terminal in one slot, and each entity in its own", () => {
    const tags = [
      k.terminalDayCounts("T1"),
      k.terminalDay("T1", 20_000),
      k.terminalFrauds("T1"),
      k.terminalReports("T1"),
    ].map(hashTag);
    expect(new Set(tags)).toEqual(new Set(["t:T1"]));
    expect(hashTag(k.card("tok_1"))).toBe("c:tok_1");
    expect(hashTag(k.txn("abc"))).toBe("x:abc");
    expect(hashTag(k.labelSeen("abc"))).toBe("l:abc");
    expect(hashTag(k.pendingIndex())).toBe("pending");
  });

  it("keeps one terminal's keys together even when its id holds a brace", () => {
    const tags = [k.terminalDay("a}b", 1), k.terminalFrauds("a}b"), k.terminalReports("a}b")].map(hashTag);
    expect(new Set(tags).size).toBe(1);
  });

  it("refuses a prefix with a brace (it would become every key's hash tag)", () => {
    expect(() => keySpace("fraud{x}:")).toThrow(/must not contain/);
  });

  it("names transactions by a fingerprint that never contains the id", () => {
    const pan = "4111111111111111";
    const fp = txnFingerprint(pan);
    expect(fp.key).toHaveLength(16);
    expect(k.txn(fp.key)).not.toContain(pan);
    expect(fp.member).toBe(fp.key.slice(0, 11));
    expect(txnFingerprint(pan)).toEqual(fp);
    expect(txnFingerprint("4111111111111112").key).not.toBe(fp.key);
  });

  it("tells content apart by card, terminal, amount and time", () => {
    const base = { card_token: "c", terminal_id: "t", amount_minor: 100, event_time: 1 };
    const fp = contentFingerprint(base);
    expect(contentFingerprint({ ...base })).toBe(fp);
    for (const change of [{ card_token: "d" }, { terminal_id: "u" }, { amount_minor: 101 }, { event_time: 2 }]) {
      expect(contentFingerprint({ ...base, ...change })).not.toBe(fp);
    }
  });
});
