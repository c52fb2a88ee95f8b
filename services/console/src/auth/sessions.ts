import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "@fraud/platform";

/**
 * Server-side sessions in memory: the cookie holds only a random id; the analyst's
 * name and the session's CSRF token stay here. A restart logs everyone out, which is
 * acceptable for a console bound to loopback. Sessions expire `ttlMs` after login;
 * at most `max` live at once (the oldest is dropped first).
 */
export interface Session {
  id: string;
  user: string;
  csrf: string;
  expiresAt: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}

  create(user: string): Session {
    const s: Session = { id: token(), user, csrf: token(), expiresAt: this.clock.now() + this.ttlMs };
    this.byId.set(s.id, s);
    while (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value as string);
    return s;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.clock.now()) {
      this.byId.delete(id);
      return undefined;
    }
    return s;
  }

  end(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }
}

export const token = (): string => randomBytes(32).toString("base64url");

/** True only when both are present and equal; constant time. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
