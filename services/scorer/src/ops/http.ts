import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface Probes {
  /** Alive: the event loop answers and no batch is wedged. */
  healthy(): { ok: boolean; detail?: Record<string, unknown> };
  /** Ready: model loaded, Redis answers, consumer group joined, no partition stalled. From cached states. */
  ready(): { ok: boolean; detail: Record<string, unknown> };
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
        const h = probes.healthy();
        res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify(h));
      } else if (req.url === "/readyz") {
        const r = probes.ready();
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
