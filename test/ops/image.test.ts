import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupLater, withTimeout } from "../support/helpers.js";
import { spawnCaptured } from "../support/process.js";
import { deployment, scorerTopics } from "../support/scorer.js";
import { readDockerfile } from "./dockerfile.js";
import { ROOT } from "./support.js";

/**
 * The image, short of Docker: the Dockerfile's stages are replayed into a temporary
 * folder (its production `npm ci` from the lockfile, the tools stage's tsx taken from the
 * repo's full install of the same lockfile, the context COPYs filtered by .dockerignore),
 * then the image's ENTRYPOINT + CMD run there with the image's ENV against the test stack,
 * and the image's own HEALTHCHECK command must pass, /readyz say ready, and SIGTERM end
 * it cleanly. This catches a missing COPY, a devDependency the services need at run time,
 * and a file the code reads from outside what the image carries.
 */
const run = promisify(execFile);
const { instructions, ignored } = readDockerfile();
const stage = (name: string) => instructions.filter((i) => i.stage === name);
const runtime = stage(instructions.filter((i) => i.op === "FROM").at(-1)?.stage as string);
const json = (text: string | undefined) => JSON.parse(text ?? "[]") as string[];
const args = (op: string) => runtime.find((i) => i.op === op)?.args;

const work = await mkdtemp(join(tmpdir(), "image-"));
afterAll(() => rm(work, { recursive: true, force: true }));

/** COPY <src...> <dest> from the build context (repo root) into `root`, WORKDIR /app. */
async function copyFromContext(args: string, root: string): Promise<void> {
  const paths = args.split(/\s+/).filter((w) => !w.startsWith("--"));
  const dest = paths.pop() as string;
  for (const src of paths) {
    const target =
      dest.endsWith("/") || paths.length > 1 ? join(root, dest, src.split("/").pop() as string) : join(root, dest);
    await mkdir(dirname(target), { recursive: true });
    await cp(join(ROOT, src), target, {
      recursive: true,
      filter: (from) => !ignored(relative(ROOT, from)) || relative(ROOT, from) === "",
    });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe("the image's layout runs the scorer", () => {
  it("production install + tsx + the copied sources start, pass the HEALTHCHECK and stop on SIGTERM", async () => {
    // deps stage: the workspace manifests and the lockfile, then its RUN (npm ci --omit=dev).
    const deps = join(work, "deps");
    for (const c of stage("deps").filter((i) => i.op === "COPY")) await copyFromContext(c.args, deps);
    const install = stage("deps").find((i) => i.op === "RUN")?.args as string;
    await run("sh", ["-c", install], { cwd: deps, env: { ...process.env, npm_config_prefer_offline: "true" } });

    // runtime stage.
    const app = join(work, "app");
    await mkdir(app, { recursive: true });
    for (const c of runtime.filter((i) => i.op === "COPY")) {
      const from = /--from=(\S+)/.exec(c.args)?.[1];
      const [src, dest] = c.args.split(/\s+/).filter((w) => !w.startsWith("--")) as [string, string];
      if (from === "deps")
        await cp(join(deps, relative("/app", src)), join(app, dest), { recursive: true, verbatimSymlinks: true });
      // The tools stage is a full `npm ci` of the same lockfile: the repo's own node_modules.
      else if (from === "tools") await cp(join(ROOT, relative("/app", src)), join(app, dest), { recursive: true });
      else await copyFromContext(c.args, app);
    }
    const imageEnv = Object.fromEntries(
      runtime
        .filter((i) => i.op === "ENV")
        .flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string])),
    );

    const port = await freePort();
    const d = deployment(await scorerTopics(2), join(app, "services/scorer/models/default/"));
    // The image listens on 0.0.0.0 for probes; on this shared machine, loopback only.
    const env = { ...process.env, ...imageEnv, ...d.env, HTTP_HOST: "127.0.0.1", HTTP_PORT: String(port) };
    const [bin, ...entry] = json(args("ENTRYPOINT"));
    const scorer = spawnCaptured(
      bin === "node" ? process.execPath : (bin as string),
      [...entry, ...json(args("CMD"))],
      {
        cwd: app,
        env,
      },
    );
    const { child } = scorer;
    const exited = scorer.exited.then(({ code, signal }) => signal ?? code);
    cleanupLater("stop the image's scorer", () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });

    // HEALTHCHECK CMD ["node", "-e", "..."], run as Docker would, in the container's environment.
    const health = json(args("HEALTHCHECK")?.replace(/^.*?CMD\s+/, ""));
    await withTimeout(
      (async () => {
        while (true) {
          const ok = await run(process.execPath, health.slice(1), { cwd: app, env }).then(
            () => true,
            () => false,
          );
          const ready =
            ok &&
            (await fetch(`http://127.0.0.1:${port}/readyz`).then(
              (r) => r.ok,
              () => false,
            ));
          if (ready) return;
          if (child.exitCode !== null) throw new Error(`the scorer exited: ${scorer.output()}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      })(),
      90_000,
      "healthcheck and readiness of the image's scorer",
    );
    expect(args("STOPSIGNAL")).toBe("SIGTERM");
    child.kill("SIGTERM");
    expect(await withTimeout(exited, 60_000, "exit after SIGTERM")).toBe("SIGTERM");
    expect(scorer.output()).toMatch(/shutdown step done/);
  }, 300_000);
});
