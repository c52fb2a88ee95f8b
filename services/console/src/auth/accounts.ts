import { ANALYST_PATTERN } from "@fraud/cases";
import { isPasswordHash, verifyPassword } from "./password.js";

/** Analyst accounts from config: `name:scrypt$…` entries, comma-separated. */
export type Accounts = ReadonlyMap<string, string>;

export const USER_PATTERN = ANALYST_PATTERN;

/** Parses CONSOLE_USERS; throws with a message naming the bad entry (never its hash). */
export function parseAccounts(raw: string): Accounts {
  const out = new Map<string, string>();
  for (const entry of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = entry.indexOf(":");
    const name = i < 0 ? entry : entry.slice(0, i);
    const hash = i < 0 ? "" : entry.slice(i + 1);
    if (!USER_PATTERN.test(name)) throw new Error(`"${name}" is not a user name (lower-case letters, digits, _ . -)`);
    if (!isPasswordHash(hash))
      throw new Error(`the entry of ${name} is not name:scrypt$N$salt$hash (make one with hash-password.ts)`);
    if (out.has(name)) throw new Error(`${name} is listed twice`);
    out.set(name, hash);
  }
  if (out.size === 0) throw new Error("must list at least one analyst");
  return out;
}

// A fixed hash to verify against when the user does not exist, so a wrong user name
// costs the same time as a wrong password (no user enumeration by timing).
const DUMMY = "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function authenticate(accounts: Accounts, user: string, password: string): Promise<string | undefined> {
  const stored = accounts.get(user);
  const ok = await verifyPassword(password, stored ?? DUMMY);
  return ok && stored ? user : undefined;
}
