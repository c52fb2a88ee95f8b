import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support.js";

/** The Dockerfile as instructions (line continuations joined), and its .dockerignore as a matcher. */
export interface Instruction {
  op: string;
  args: string;
  stage: string;
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = "";
  const joined = text.replace(/\\\n/g, " ");
  for (const raw of joined.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [op = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op.toUpperCase() === "FROM") stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(out.length);
    out.push({ op: op.toUpperCase(), args, stage });
  }
  return out;
}

/** A .dockerignore pattern as a RegExp over repo-relative paths (the subset we use: **, *, literal). */
export function ignoreMatcher(patterns: string[]): (path: string) => boolean {
  const res = patterns.map((p) => {
    const body = p
      .replace(/^\//, "")
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "(?:.*/)?")
      .replace(/\*/g, "[^/]*");
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (path) => res.some((re) => re.test(path));
}

export function readDockerfile(): { instructions: Instruction[]; ignored: (path: string) => boolean } {
  const read = (p: string) => readFileSync(join(ROOT, p), "utf8");
  const patterns = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  return { instructions: parseDockerfile(read("Dockerfile")), ignored: ignoreMatcher(patterns) };
}
