/**
 * Parser of the condition language (see the README's rules reference):
 *
 *   condition := or
 *   or        := and ("or" and)*
 *   and       := not ("and" not)*
 *   not       := "not" not | "(" condition ")" | test
 *   test      := operand ( cmp operand | ["not"] "in" "list" NAME | ["not"] "in" "[" literal ("," literal)* "]" )
 *   operand   := NAME | NUMBER | STRING | "null"
 *   cmp       := "==" | "!=" | "<" | "<=" | ">" | ">="
 *
 * `not` binds tighter than `and`, which binds tighter than `or`. Problems are thrown as
 * ConditionError with the column, so the rule file loader can name rule and place.
 */
import type { CompareOp, Condition, Literal, Operand } from "./ast.js";

export class ConditionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`at column ${column}: ${message}`);
  }
}

type Token =
  | { t: "name"; v: string; at: number }
  | { t: "number"; v: number; at: number }
  | { t: "string"; v: string; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "end"; at: number };

const KEYWORDS = new Set(["and", "or", "not", "in", "list", "null"]);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const at = i + 1;
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "name", v: m[0], at });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "number", v: Number(m[0]), at });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ConditionError("string is not closed", at);
      out.push({ t: "string", v: src.slice(i + 1, end), at });
      i = end + 1;
    } else {
      const two = src.slice(i, i + 2);
      if (["==", "!=", "<=", ">="].includes(two)) {
        out.push({ t: "op", v: two, at });
        i += 2;
      } else if ("<>()[],".includes(c)) {
        out.push({ t: "op", v: c, at });
        i++;
      } else {
        throw new ConditionError(`unexpected character '${c}'`, at);
      }
    }
  }
  out.push({ t: "end", at: src.length + 1 });
  return out;
}

const CMP = new Set(["==", "!=", "<", "<=", ">", ">="]);

export function parseCondition(src: string): Condition {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos] as Token;
  const next = () => tokens[pos++] as Token;
  const shown = (tk: Token) => (tk.t === "end" ? "the end" : `'${String(tk.v)}'`);
  const isWord = (tk: Token, w: string) => tk.t === "name" && tk.v === w;
  const isOp = (tk: Token, o: string) => tk.t === "op" && tk.v === o;
  const expect = (o: string) => {
    const tk = next();
    if (!isOp(tk, o)) throw new ConditionError(`expected '${o}', found ${shown(tk)}`, tk.at);
  };

  function or(): Condition {
    let left = and();
    while (isWord(peek(), "or")) {
      next();
      left = { kind: "or", left, right: and() };
    }
    return left;
  }
  function and(): Condition {
    let left = not();
    while (isWord(peek(), "and")) {
      next();
      left = { kind: "and", left, right: not() };
    }
    return left;
  }
  function not(): Condition {
    const tk = peek();
    if (isWord(tk, "not")) {
      next();
      return { kind: "not", operand: not() };
    }
    if (isOp(tk, "(")) {
      next();
      const inner = or();
      expect(")");
      return inner;
    }
    return test();
  }
  function test(): Condition {
    const left = operand();
    const tk = next();
    if (tk.t === "op" && CMP.has(tk.v)) return { kind: "compare", op: tk.v as CompareOp, left, right: operand() };
    let negate = false;
    let inTk = tk;
    if (isWord(tk, "not")) {
      negate = true;
      inTk = next();
    }
    if (!isWord(inTk, "in")) {
      throw new ConditionError(`expected a comparison (==, !=, <, <=, >, >=) or 'in', found ${shown(inTk)}`, inTk.at);
    }
    if (left.kind !== "field") throw new ConditionError("the left side of 'in' must be a field name", tk.at);
    let node: Condition;
    if (isWord(peek(), "list")) {
      next();
      const name = next();
      if (name.t !== "name" || KEYWORDS.has(name.v)) {
        throw new ConditionError(`expected a list name after 'in list', found ${shown(name)}`, name.at);
      }
      node = { kind: "inList", field: left.name, list: name.v };
    } else {
      expect("[");
      const values: Literal[] = [literal()];
      while (isOp(peek(), ",")) {
        next();
        values.push(literal());
      }
      expect("]");
      node = { kind: "inSet", field: left.name, values };
    }
    return negate ? { kind: "not", operand: node } : node;
  }
  function literal(): Literal {
    const op = operand();
    if (op.kind !== "literal") throw new ConditionError(`'${op.name}' is not a literal`, tokens[pos - 1]?.at ?? 0);
    return op.value;
  }
  function operand(): Operand {
    const tk = next();
    if (tk.t === "number" || tk.t === "string") return { kind: "literal", value: tk.v };
    if (isWord(tk, "null")) return { kind: "literal", value: null };
    if (tk.t === "name" && !KEYWORDS.has(tk.v)) return { kind: "field", name: tk.v };
    throw new ConditionError(`expected a field name, number or string, found ${shown(tk)}`, tk.at);
  }

  const tree = or();
  const rest = peek();
  if (rest.t !== "end") throw new ConditionError(`unexpected ${shown(rest)} (missing 'and' or 'or'?)`, rest.at);
  return tree;
}
