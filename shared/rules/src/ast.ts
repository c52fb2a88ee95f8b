/**
 * The condition language's tree. Conditions are parsed into these nodes once, at load,
 * type-checked against the vocabulary, and evaluated by walking them: never eval.
 */
export type Literal = string | number | null;

export type Operand = { kind: "field"; name: string } | { kind: "literal"; value: Literal };

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "compare"; op: CompareOp; left: Operand; right: Operand }
  /** `field in [a, b]`: the field's value is one of the literals. */
  | { kind: "inSet"; field: string; values: Literal[] }
  /** `field in list name`: the field's value is a member of the named Redis list. */
  | { kind: "inList"; field: string; list: string };

/** What a field holds; nullable strings are optional transaction fields. */
export type FieldType = "number" | "string" | "string?";

/** The names a condition may use, with their types: transaction fields and computed features. */
export type Vocabulary = ReadonlyMap<string, FieldType>;
