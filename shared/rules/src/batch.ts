import type { Transaction } from "@fraud/contracts";
import type { ListStore } from "./lists.js";
import { type Membership, type RuleSet, TRANSACTION_FIELDS } from "./ruleset.js";

/** The list membership a batch's rules need, in one lookup: each list with the batch's values of its field. */
export async function batchMembership(
  set: RuleSet,
  lists: ListStore,
  txs: readonly Transaction[],
): Promise<Membership> {
  if (set.lookups.length === 0) return new Map();
  const byList = new Map<string, Set<string>>();
  for (const { field, list } of set.lookups) {
    if (!(field in TRANSACTION_FIELDS)) continue;
    const values = byList.get(list) ?? new Set<string>();
    for (const tx of txs) {
      const v = tx[field as keyof Transaction];
      if (typeof v === "string") values.add(v);
    }
    byList.set(list, values);
  }
  return lists.lookup([...byList].map(([list, values]) => ({ list, values: [...values] })));
}
