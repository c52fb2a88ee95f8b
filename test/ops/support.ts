import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const run = promisify(execFile);
export const read = (p: string) => readFileSync(join(ROOT, p), "utf8");

/** The ops tools' venv (infra/python/setup.sh, run by bin/setup). */
export const OPS_PYTHON = join(ROOT, "infra/python/.venv/bin/python");

export function requireOpsVenv(): void {
  if (!existsSync(OPS_PYTHON)) throw new Error(`${OPS_PYTHON} is missing: run bin/setup (or infra/python/setup.sh)`);
}

/** Every YAML document in a file, as plain data; a syntax error throws. */
export function yamlDocs(path: string): Record<string, unknown>[] {
  return parseAllDocuments(read(path), { merge: true }).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors.map((e) => e.message).join("; ")}`);
    return d.toJS() as Record<string, unknown>;
  });
}
