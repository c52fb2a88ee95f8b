import type { Clock } from "@fraud/platform";

/**
 * Slows password guessing: after `maxFailures` failed logins for one user name within
 * `windowMs`, that name is refused until the window has passed since its first failure.
 * Per name (not per address: behind a proxy every analyst has the same one); at most
 * `maxNames` names are tracked, the oldest dropped first.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { first: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxNames = 10_000,
  ) {}

  blocked(user: string): boolean {
    const f = this.current(user);
    return f !== undefined && f.count >= this.maxFailures;
  }

  failed(user: string): void {
    const f = this.current(user) ?? { first: this.clock.now(), count: 0 };
    f.count++;
    this.failures.delete(user);
    this.failures.set(user, f);
    while (this.failures.size > this.maxNames) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeeded(user: string): void {
    this.failures.delete(user);
  }

  private current(user: string) {
    const f = this.failures.get(user);
    if (f && this.clock.now() - f.first >= this.windowMs) {
      this.failures.delete(user);
      return undefined;
    }
    return f;
  }
}
