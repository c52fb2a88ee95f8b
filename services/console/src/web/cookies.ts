/** The two cookie operations the console needs, without a plugin. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** HttpOnly, SameSite=Strict, Path=/ always; Secure when asked (behind TLS). */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  return `${name}=${encodeURIComponent(value)}; Max-Age=${o.maxAge}; Path=/; HttpOnly; SameSite=Strict${o.secure ? "; Secure" : ""}`;
}
