import { parseDuration } from "@fraud/platform";
import type { CaseStatus } from "../store/case-store.js";

/** What the queue is narrowed to; every criterion given must hold. */
export interface QueueFilter {
  verdict?: "review" | "decline";
  minScore?: number;
  maxScore?: number;
  minAmount?: number;
  maxAmount?: number;
  terminal?: string;
  /** A reason code (v2 alerts) or feature name (v1). */
  reason?: string;
  /** Only alerts scored within this many ms. */
  maxAgeMs?: number;
  status: CaseStatus | "all" | "active";
  sort: "newest" | "riskiest";
  limit: number;
}

/** Identifiers an analyst may type: tokens and ids of the pipeline, never free text. */
/** An analyst's name, in the console's accounts and on every recorded action. */
export const ANALYST_PATTERN = /^[a-z][a-z0-9_.-]{0,31}$/;

export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const STATUSES = ["open", "in_review", "resolved", "all", "active"] as const;

export type Parsed<T> = { ok: T } | { error: string };

/** Parses query-string or CLI values; empty strings mean "not given". Every error names the field. */
export function parseQueueFilter(q: Record<string, string | undefined>): Parsed<QueueFilter> {
  const v = (k: string) => {
    const s = q[k]?.trim();
    return s === undefined || s === "" ? undefined : s;
  };
  const f: QueueFilter = { status: "active", sort: "newest", limit: 200 };
  const num = (k: string, min: number, max: number): number | undefined | string => {
    const s = v(k);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || n < min || n > max) return `${k} must be a number between ${min} and ${max}`;
    return n;
  };
  for (const [k, min, max] of [
    ["minScore", 0, 1],
    ["maxScore", 0, 1],
    ["minAmount", 0, Number.MAX_SAFE_INTEGER],
    ["maxAmount", 0, Number.MAX_SAFE_INTEGER],
    ["limit", 1, 5000],
  ] as const) {
    const n = num(k, min, max);
    if (typeof n === "string") return { error: n };
    if (n !== undefined) (f as unknown as Record<string, number>)[k] = k === "limit" ? Math.floor(n) : n;
  }
  const verdict = v("verdict");
  if (verdict !== undefined) {
    if (verdict !== "review" && verdict !== "decline") return { error: "verdict must be review or decline" };
    f.verdict = verdict;
  }
  for (const k of ["terminal", "reason"] as const) {
    const s = v(k);
    if (s === undefined) continue;
    if (!ID_PATTERN.test(s)) return { error: `${k} must be an identifier (letters, digits, _ . : -)` };
    f[k] = s;
  }
  const age = v("age");
  if (age !== undefined) {
    try {
      f.maxAgeMs = parseDuration(age);
    } catch {
      return { error: "age must be a duration such as 30m, 2h or 7d" };
    }
  }
  const status = v("status");
  if (status !== undefined) {
    if (!(STATUSES as readonly string[]).includes(status))
      return { error: `status must be one of ${STATUSES.join(", ")}` };
    f.status = status as QueueFilter["status"];
  }
  const sort = v("sort");
  if (sort !== undefined) {
    if (sort !== "newest" && sort !== "riskiest") return { error: "sort must be newest or riskiest" };
    f.sort = sort;
  }
  return { ok: f };
}

/** A transaction id or card token from a form or a command line. */
export function parseId(raw: string | undefined, what: string): Parsed<string> {
  const s = raw?.trim() ?? "";
  if (!ID_PATTERN.test(s)) return { error: `${what} must be 1-128 letters, digits or _ . : -` };
  return { ok: s };
}

export const MAX_NOTE = 500;

/** A free-text note: bounded, control characters refused; PAN-like digit runs refused (no PAN anywhere). */
export function parseNote(raw: string | undefined): Parsed<string | undefined> {
  const s = raw?.trim() ?? "";
  if (s === "") return { ok: undefined };
  if (s.length > MAX_NOTE) return { error: `note must be at most ${MAX_NOTE} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s)) return { error: "note must not contain control characters" };
  if (/\d(?:[ -]?\d){12,18}/.test(s)) return { error: "note must not contain a card number" };
  return { ok: s };
}
