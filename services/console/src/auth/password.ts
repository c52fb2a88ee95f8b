import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Analyst passwords are stored as `scrypt$<N>$<salt b64>$<hash b64>` (node:crypto scrypt,
 * r=8, p=1, 32-byte key). Only the hash is ever in config; `hash-password.ts` makes one.
 */
const KEYLEN = 32;
const DEFAULT_N = 16384;

function derive(password: string, salt: Buffer, N: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, N = DEFAULT_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N);
  return `scrypt$${N}$${salt.toString("base64")}$${key.toString("base64")}`;
}

const FORMAT = /^scrypt\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function isPasswordHash(s: string): boolean {
  const m = FORMAT.exec(s);
  if (!m) return false;
  const N = Number(m[1]);
  return N >= 1024 && N <= 1 << 20 && (N & (N - 1)) === 0;
}

/** Constant-time comparison; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m || !isPasswordHash(stored)) return false;
  const expected = Buffer.from(m[3] as string, "base64");
  if (expected.length !== KEYLEN) return false;
  const key = await derive(password, Buffer.from(m[2] as string, "base64"), Number(m[1]));
  return timingSafeEqual(key, expected);
}
