import type { Transaction } from "@fraud/contracts";
import { batchMembership, combine, type ListStore, matchRules, type RuleSet } from "@fraud/rules";
import type { Thresholds, Verdict } from "./decide.js";
import type { Judged } from "./decide-batch.js";

/** A judged transaction after the rules: the final verdict, the model's own, and why. */
export interface Ruled extends Judged {
  modelVerdict: Verdict;
  matchedRules: string[];
  rulesVersion: string;
  verdictReason: string;
}

/**
 * The rules stage, after decide: evaluates the current rule set (shared/rules, the same
 * evaluator the backtest uses) on each transaction and its features, with list
 * membership looked up in one Redis round trip per batch, then combines the model's
 * verdict and the matched rules by the documented policy (shared/rules/src/policy.ts).
 */
export function createRulesStage(deps: { rules: () => RuleSet; lists: ListStore; featureNames: readonly string[] }) {
  return async function applyRules(
    txs: readonly Transaction[],
    features: readonly number[][],
    judged: readonly Judged[],
    thresholds: Thresholds,
  ): Promise<Ruled[]> {
    const set = deps.rules();
    const membership = await batchMembership(set, deps.lists, txs);
    return judged.map((j, i) => {
      const tx = txs[i] as Transaction;
      const values = features[i] as number[];
      const named = Object.fromEntries(deps.featureNames.map((n, k) => [n, values[k] as number]));
      const matched = set.rules.length === 0 ? [] : matchRules(set, tx, named, membership);
      const threshold = j.verdict === "decline" ? thresholds.decline : thresholds.review;
      const final = combine({ verdict: j.verdict, score: j.score, threshold }, matched);
      return {
        ...j,
        verdict: final.verdict,
        modelVerdict: j.verdict,
        matchedRules: matched.map((r) => r.id),
        rulesVersion: set.version,
        verdictReason: final.reason,
      };
    });
  };
}

export type RulesStage = ReturnType<typeof createRulesStage>;
