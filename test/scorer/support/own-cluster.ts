import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "ioredis";

/**
 * A private 3-master Redis Cluster on loopback (own ports, own folder), for tests that need
 * one while the shared stack has none. Never touches the shared Redis.
 */
export interface OwnCluster {
  client: Cluster;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.once("error", reject);
    p.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

/** Free ports can be taken between the probe and the bind on a busy machine: try again. */
export async function startOwnCluster(attempts = 3): Promise<OwnCluster> {
  for (let i = 1; ; i++) {
    try {
      return await startOnce();
    } catch (err) {
      if (i >= attempts) throw err;
    }
  }
}

async function startOnce(): Promise<OwnCluster> {
  const dir = await mkdtemp(join(tmpdir(), "fraud-own-cluster-"));
  const ports = [await freePort(), await freePort(), await freePort()];
  for (const port of ports) {
    await run("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--daemonize",
      "yes",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      join(dir, `nodes-${port}.conf`),
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--pidfile",
      join(dir, `${port}.pid`),
      "--logfile",
      join(dir, `${port}.log`),
    ]);
  }
  const stop = async () => {
    for (const port of ports) await run("redis-cli", ["-p", String(port), "shutdown", "nosave"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) await waitFor(() => run("redis-cli", ["-p", String(port), "ping"]), 10_000);
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((p) => `127.0.0.1:${p}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    const client = new Cluster(ports.map((port) => ({ host: "127.0.0.1", port })));
    await waitFor(async () => {
      if ((await client.cluster("INFO")).includes("cluster_state:ok") === false) throw new Error("cluster not ok yet");
    });
    return {
      client,
      stop: async () => {
        await client.quit().catch(() => undefined);
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitFor(check: () => Promise<unknown>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
