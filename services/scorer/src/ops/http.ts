import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface Probes {
  /** Alive: the event loop answers. */
  healthy(): boolean;
  /** Ready: model loaded, Redis answers, consumer group joined. */
  ready(): Promise<{ ok: boolean; detail: Record<string, boolean> }>;
}

/** /metrics, /healthz and /readyz. Bound to loopback unless configured otherwise. */
export async function startOpsServer(
  host: string,
  port: number,
  registry: Registry,
  probes: Probes,
): Promise<{ server: Server; port: number }> {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(await registry.metrics());
      } else if (req.url === "/healthz") {
        const ok = probes.healthy();
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok }));
      } else if (req.url === "/readyz") {
        const r = await probes.ready();
        res.writeHead(r.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(r));
      } else {
        res.writeHead(404).end();
      }
    } catch (err) {
      res.writeHead(500).end(String((err as Error).message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
