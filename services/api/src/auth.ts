import { createHash, timingSafeEqual } from "node:crypto";

/** API keys as SHA-256 digests: comparing digests of equal length is constant-time whatever the key's length. */
export type KeyDigests = readonly Buffer[];

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function parseKeys(raw: string): KeyDigests {
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.map((item) => {
    if (!item.startsWith("sha256:")) {
      if (item.length < 16) throw new Error("each API key must be at least 16 characters");
      return sha256(item);
    }
    const hex = item.slice("sha256:".length);
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error("a sha256: key must be 64 hex digits");
    return Buffer.from(hex, "hex");
  });
}

/** The presented credential: a bearer token or an X-API-Key header. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && /^bearer /i.test(auth)) return auth.slice(7).trim();
  const key = headers["x-api-key"];
  return typeof key === "string" ? key : undefined;
}

/**
 * Whether `presented` is one of the keys. Every configured digest is compared (no early
 * exit), each with timingSafeEqual, so the time taken says nothing about which key or
 * how much of it matched.
 */
export function authorized(
  digests: KeyDigests,
  presented: string | undefined,
  equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
): boolean {
  if (presented === undefined || digests.length === 0) return false;
  const d = sha256(presented);
  let ok = false;
  for (const k of digests) ok = equal(k, d) || ok;
  return ok;
}
