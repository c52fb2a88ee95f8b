import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Confluent-compatible schema registry for tests: the REST subset that our client,
 * confluent-kafka (Python) and @kafkajs/confluent-schema-registry call. No registry
 * server can be installed here, so compatibility is proven against this one from both
 * sides (our codec and standard clients must agree through it).
 *
 *   POST /subjects/{s}/versions        register (idempotent per subject and schema) → {id}
 *   POST /subjects/{s}                 look up without registering → {subject,id,version,schema}; 404 40403
 *   GET  /subjects                     subject names
 *   GET  /subjects/{s}/versions        version numbers
 *   GET  /subjects/{s}/versions/{v}    {subject,id,version,schema}; v may be "latest"
 *   GET  /schemas/ids/{id}             {schema}; 404 40403
 *   GET  /config[/{s}]                 {compatibilityLevel: "BACKWARD"} (never enforced)
 *
 * Ids are global and start at `firstId`, so they never match the project's catalogue
 * ids; `readOnly` refuses registration (403), like read-only credentials.
 */
export interface TestRegistry {
  url: string;
  calls: string[];
  /** Registers a schema as another team would, before our services start. */
  preRegister(subject: string, schema: string): number;
  setReadOnly(readOnly: boolean): void;
  setDown(down: boolean): void;
  stop(): Promise<void>;
}

export async function startTestRegistry(options: { firstId?: number; port?: number } = {}): Promise<TestRegistry> {
  const byId = new Map<number, string>();
  const subjects = new Map<string, number[]>(); // subject → ids in version order
  const calls: string[] = [];
  let nextId = options.firstId ?? 1000;
  let readOnly = false;
  let down = false;

  const canonical = (schema: string) => JSON.stringify(JSON.parse(schema));
  const idOf = (schema: string) => [...byId].find(([, s]) => s === canonical(schema))?.[0];
  function register(subject: string, schema: string): number {
    let id = idOf(schema);
    if (id === undefined) {
      id = nextId++;
      byId.set(id, canonical(schema));
    }
    const versions = subjects.get(subject) ?? [];
    if (!versions.includes(id)) versions.push(id);
    subjects.set(subject, versions);
    return id;
  }
  const version = (subject: string, id: number) => (subjects.get(subject)?.indexOf(id) ?? -1) + 1;

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://registry");
    const path = url.pathname.replace(/\/+$/, "");
    calls.push(`${req.method} ${path}`);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/vnd.schemaregistry.v1+json" });
      res.end(JSON.stringify(json));
    };
    const notFound = (code: number, message: string) => send(404, { error_code: code, message });
    if (down) return send(503, { error_code: 50301, message: "unavailable" });
    let body: { schema?: string; schemaType?: string } = {};
    if (req.method === "POST") {
      let text = "";
      for await (const chunk of req) text += chunk;
      body = text ? (JSON.parse(text) as typeof body) : {};
      if (body.schemaType && body.schemaType !== "AVRO") return send(422, { error_code: 42201, message: "AVRO only" });
    }
    const m = /^\/subjects\/([^/]+)(?:\/versions(?:\/([^/]+))?)?$/.exec(path);
    const subject = m ? decodeURIComponent(m[1] as string) : "";
    if (req.method === "POST" && m && path.endsWith("/versions")) {
      if (readOnly) return send(403, { error_code: 40301, message: "User is denied operation Write on Subject" });
      return send(200, { id: register(subject, body.schema ?? "") });
    }
    if (req.method === "POST" && m && !path.includes("/versions")) {
      const id = idOf(body.schema ?? "");
      if (!subjects.has(subject)) return notFound(40401, `Subject '${subject}' not found.`);
      if (id === undefined || !subjects.get(subject)?.includes(id)) return notFound(40403, "Schema not found");
      return send(200, { subject, id, version: version(subject, id), schema: byId.get(id) });
    }
    if (req.method === "GET" && path === "/subjects") return send(200, [...subjects.keys()]);
    if (req.method === "GET" && m && path.endsWith("/versions")) {
      const ids = subjects.get(subject);
      return ids
        ? send(
            200,
            ids.map((_, i) => i + 1),
          )
        : notFound(40401, `Subject '${subject}' not found.`);
    }
    if (req.method === "GET" && m?.[2]) {
      const ids = subjects.get(subject);
      if (!ids) return notFound(40401, `Subject '${subject}' not found.`);
      const v = m[2] === "latest" ? ids.length : Number(m[2]);
      const id = ids[v - 1];
      if (id === undefined) return notFound(40402, "Version not found.");
      return send(200, { subject, id, version: v, schema: byId.get(id) });
    }
    const ids = /^\/schemas\/ids\/(\d+)$/.exec(path);
    if (req.method === "GET" && ids) {
      const schema = byId.get(Number(ids[1]));
      return schema ? send(200, { schema }) : notFound(40403, "Schema not found");
    }
    if (req.method === "GET" && /^\/config(\/[^/]+)?$/.test(path)) return send(200, { compatibilityLevel: "BACKWARD" });
    return notFound(40400, `no route ${req.method} ${path}`);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    preRegister: register,
    setReadOnly: (r) => {
      readOnly = r;
    },
    setDown: (d) => {
      down = d;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
