/**
 * Readiness from cached states. A probe must answer within its own deadline even when
 * Redis is frozen, so the request never awaits a ping: a background loop pings Redis
 * every `intervalMs` and a ping still unanswered after `timeoutMs` counts as down.
 */
export interface RedisPing {
  ping(): Promise<unknown>;
}

export interface CachedCheck {
  ok(): boolean;
  stop(): void;
}

export function cachedPing(redis: RedisPing, now: () => number, intervalMs = 1000, timeoutMs = 1000): CachedCheck {
  let ok = false;
  let pendingSince: number | undefined;
  const check = () => {
    if (pendingSince !== undefined) {
      // Still waiting on the previous ping (ioredis' command timeout ends it eventually).
      if (now() - pendingSince > timeoutMs) ok = false;
      return;
    }
    pendingSince = now();
    redis.ping().then(
      () => {
        ok = true;
        pendingSince = undefined;
      },
      () => {
        ok = false;
        pendingSince = undefined;
      },
    );
  };
  check();
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return {
    ok: () => ok && (pendingSince === undefined || now() - pendingSince <= timeoutMs),
    stop: () => clearInterval(timer),
  };
}
