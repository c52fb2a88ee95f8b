import { LIMITS, loadCatalogue } from "@fraud/contracts";
import { expect, it } from "vitest";

// The input limits are enforced in validate.ts and documented in the schema docs: the
// two must not drift. Each limited field's doc states its maximum length.
it.each([
  ["transaction", "transactions-value"],
  ["label", "labels-value"],
] as const)("the %s schema docs state every field's limit", (kind, subject) => {
  const schema = JSON.parse(loadCatalogue().get(subject).text) as { fields: { name: string; doc: string }[] };
  const docs = new Map(schema.fields.map((f) => [f.name, f.doc]));
  const missing = Object.entries(LIMITS[kind]).filter(([field, limit]) => {
    const doc = docs.get(field) ?? "";
    return !doc.includes(`At most ${limit.max} `) && !doc.includes(`Exactly ${limit.max} `);
  });
  expect(missing.map(([f]) => f)).toEqual([]);
});
