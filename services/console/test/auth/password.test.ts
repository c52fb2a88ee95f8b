import { describe, expect, it } from "vitest";
import { authenticate, parseAccounts } from "../../src/auth/accounts.js";
import { hashPassword, isPasswordHash, verifyPassword } from "../../src/auth/password.js";

describe("passwords", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse", 1024);
    expect(isPasswordHash(stored)).toBe(true);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horsf", stored)).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("pw-12345678", 1024)).not.toBe(await hashPassword("pw-12345678", 1024));
  });

  it("refuses malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1000$AAAA$AAAA")).toBe(false); // N not a power of two
  });
});

describe("accounts", () => {
  it("parses name:hash entries and authenticates", async () => {
    const a = await hashPassword("alice-pass", 1024);
    const b = await hashPassword("bob-pass-1", 1024);
    const accounts = parseAccounts(`alice:${a}, bob:${b}`);
    expect([...accounts.keys()]).toEqual(["alice", "bob"]);
    expect(await authenticate(accounts, "alice", "alice-pass")).toBe("alice");
    expect(await authenticate(accounts, "alice", "bob-pass-1")).toBeUndefined();
    expect(await authenticate(accounts, "mallory", "alice-pass")).toBeUndefined();
  });

  it("names the bad entry without printing a hash", async () => {
    const a = await hashPassword("alice-pass", 1024);
    expect(() => parseAccounts("alice:plaintext")).toThrow(/entry of alice/);
    expect(() => parseAccounts(`Alice:${a}`)).toThrow(/not a user name/);
    expect(() => parseAccounts(`alice:${a},alice:${a}`)).toThrow(/twice/);
    expect(() => parseAccounts(" , ")).toThrow(/at least one/);
  });
});
