/**
 * Type checks a parsed condition against the vocabulary, so a rule that could never
 * evaluate sensibly is refused at load instead of silently never matching:
 *   - every name must be a known field or feature;
 *   - numbers compare with numbers (any operator); strings only with == and != against
 *     strings, or null for the optional fields;
 *   - `in [...]` literals must have the field's type; `in list` takes a string field.
 */
import type { Condition, FieldType, Literal, Operand, Vocabulary } from "./ast.js";

export function checkCondition(c: Condition, vocabulary: Vocabulary): void {
  const fieldType = (name: string): FieldType => {
    const t = vocabulary.get(name);
    if (!t) throw new Error(`unknown field or feature '${name}'`);
    return t;
  };
  const typeOf = (o: Operand): FieldType | "null" =>
    o.kind === "field"
      ? fieldType(o.name)
      : o.value === null
        ? "null"
        : typeof o.value === "number"
          ? "number"
          : "string";
  const fits = (field: FieldType, v: Literal) =>
    v === null ? field === "string?" : field === "number" ? typeof v === "number" : typeof v === "string";

  switch (c.kind) {
    case "and":
    case "or":
      checkCondition(c.left, vocabulary);
      checkCondition(c.right, vocabulary);
      return;
    case "not":
      checkCondition(c.operand, vocabulary);
      return;
    case "inList":
      if (fieldType(c.field) === "number") throw new Error(`'${c.field}' is a number; 'in list' takes a text field`);
      return;
    case "inSet": {
      const t = fieldType(c.field);
      const bad = c.values.find((v) => !fits(t, v));
      if (bad !== undefined) throw new Error(`${JSON.stringify(bad)} cannot be a value of '${c.field}' (${t})`);
      return;
    }
    case "compare": {
      const l = typeOf(c.left);
      const r = typeOf(c.right);
      if (c.left.kind === "literal" && c.right.kind === "literal") {
        throw new Error("a comparison needs at least one field or feature");
      }
      const numeric = l === "number" || r === "number";
      if (numeric) {
        if (l !== r) throw new Error(`cannot compare ${describe(c.left, l)} with ${describe(c.right, r)}`);
        return;
      }
      if (c.op !== "==" && c.op !== "!=") {
        throw new Error(`'${c.op}' compares numbers; text fields take only == and !=`);
      }
      const field = c.left.kind === "field" ? l : r;
      const other = c.left.kind === "field" ? r : l;
      if (other === "null" && field !== "string?") {
        throw new Error(`${describe(c.left.kind === "field" ? c.left : c.right, field)} is never null`);
      }
      return;
    }
  }
}

function describe(o: Operand, t: FieldType | "null"): string {
  return o.kind === "field"
    ? `'${o.name}' (${t === "string?" ? "text" : t === "string" ? "text" : t})`
    : `${JSON.stringify(o.value)}`;
}
