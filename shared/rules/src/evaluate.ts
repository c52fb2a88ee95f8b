import type { Condition, Literal, Operand } from "./ast.js";

/** What a condition is evaluated against: one transaction, its features, and list membership. */
export interface Facts {
  /** A field's or feature's value; the condition was checked, so the name exists. */
  value(name: string): Literal;
  /** Whether `value` is on the list; membership is looked up before evaluation (one round trip per batch). */
  onList(list: string, value: string): boolean;
}

/**
 * Evaluates a checked condition. Null (an absent optional field) equals only null;
 * any ordering comparison with a missing or non-finite number is false.
 */
export function evaluate(c: Condition, facts: Facts): boolean {
  switch (c.kind) {
    case "and":
      return evaluate(c.left, facts) && evaluate(c.right, facts);
    case "or":
      return evaluate(c.left, facts) || evaluate(c.right, facts);
    case "not":
      return !evaluate(c.operand, facts);
    case "inSet": {
      const v = facts.value(c.field);
      return c.values.some((x) => x === v);
    }
    case "inList": {
      const v = facts.value(c.field);
      return typeof v === "string" && facts.onList(c.list, v);
    }
    case "compare": {
      const l = operand(c.left, facts);
      const r = operand(c.right, facts);
      switch (c.op) {
        case "==":
          return l === r;
        case "!=":
          return l !== r;
        default:
          if (typeof l !== "number" || typeof r !== "number" || !Number.isFinite(l) || !Number.isFinite(r)) {
            return false;
          }
          return c.op === "<" ? l < r : c.op === "<=" ? l <= r : c.op === ">" ? l > r : l >= r;
      }
    }
  }
}

function operand(o: Operand, facts: Facts): Literal {
  return o.kind === "literal" ? o.value : facts.value(o.name);
}

/** The (field, list) pairs a condition looks up, to fetch their membership in one round trip. */
export function listLookups(c: Condition): { field: string; list: string }[] {
  switch (c.kind) {
    case "and":
    case "or":
      return [...listLookups(c.left), ...listLookups(c.right)];
    case "not":
      return listLookups(c.operand);
    case "inList":
      return [{ field: c.field, list: c.list }];
    default:
      return [];
  }
}
