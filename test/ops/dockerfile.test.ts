import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readDockerfile } from "./dockerfile.js";
import { ROOT, read } from "./support.js";

/**
 * The Dockerfile cannot be built here (no Docker engine), so it is checked statically:
 * what it copies exists and is not excluded from the build context, the production
 * install sees every workspace, the services import only production dependencies, the
 * final stage runs as a non-root user with a health check and SIGTERM, and the default
 * command names a file that exists.
 */
const { instructions, ignored } = readDockerfile();

const stages = [...new Set(instructions.filter((i) => i.op === "FROM").map((i) => i.stage))];
const finalStage = stages.at(-1) as string;
const final = instructions.filter((i) => i.stage === finalStage);

describe("Dockerfile", () => {
  it("is multi-stage", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  it("copies only files that exist and are in the build context; --from names an earlier stage", () => {
    for (const copy of instructions.filter((i) => i.op === "COPY")) {
      const words = copy.args.split(/\s+/);
      const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
      const paths = words.filter((w) => !w.startsWith("--"));
      const sources = paths.slice(0, -1);
      expect(sources.length, copy.args).toBeGreaterThan(0);
      if (from) {
        expect(stages.indexOf(from), `${copy.args}: stage ${from}`).toBeGreaterThanOrEqual(0);
        expect(stages.indexOf(from)).toBeLessThan(stages.indexOf(copy.stage));
        continue;
      }
      for (const src of sources) {
        expect(existsSync(join(ROOT, src)), `COPY source ${src}`).toBe(true);
        expect(ignored(src.replace(/\/$/, "")), `COPY source ${src} is excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it("installs production dependencies from the lockfile, with every workspace's package.json", () => {
    const deps = instructions.filter((i) => i.stage === "deps");
    expect(deps.some((i) => i.op === "RUN" && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    const copied = deps.filter((i) => i.op === "COPY").flatMap((i) => i.args.split(/\s+/));
    expect(copied).toContain("package-lock.json");
    const workspaces = (JSON.parse(read("package.json")) as { workspaces: string[] }).workspaces;
    for (const glob of workspaces) {
      const dir = glob.replace(/\/\*$/, "");
      for (const name of readdirSync(join(ROOT, dir))) {
        if (existsSync(join(ROOT, dir, name, "package.json"))) expect(copied).toContain(`${dir}/${name}/package.json`);
      }
    }
  });

  it("the services' source imports only production dependencies (and tsx, which the image adds)", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies), "tsx"]);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    for (const dir of ["shared", "services"]) {
      for (const ws of readdirSync(join(ROOT, dir)))
        if (existsSync(join(ROOT, dir, ws, "src"))) walk(join(ROOT, dir, ws, "src"));
    }
    walk(join(ROOT, "infra/topics"));
    const bad: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)"([@a-z][^"]*)"/gm)) {
        const spec = m[1] as string;
        if (spec.startsWith("node:") || spec.startsWith("@fraud/")) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string);
        if (!allowed.has(name)) bad.push(`${relative(ROOT, f)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("runs as a non-root user, with a health check and SIGTERM, and a command that exists", () => {
    const user = final.filter((i) => i.op === "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(["root", "0", "0:0"]).not.toContain(user);
    const health = final.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
    expect(health).toMatch(/\/healthz/);
    expect(final.find((i) => i.op === "STOPSIGNAL")?.args).toBe("SIGTERM");
    const entrypoint = JSON.parse(final.find((i) => i.op === "ENTRYPOINT")?.args ?? "[]") as string[];
    const cmd = JSON.parse(final.find((i) => i.op === "CMD")?.args ?? "[]") as string[];
    expect(entrypoint[0]).toBe("node");
    expect(existsSync(join(ROOT, cmd[0] as string)), `CMD ${cmd[0]}`).toBe(true);
    // The probe port in the image is the one Kubernetes and compose use.
    expect(final.find((i) => i.op === "EXPOSE")?.args).toBe("9464");
  });
});
