import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCodecs, loadCatalogue } from "@fraud/contracts";
import { type FraudError, isFraudError } from "@fraud/platform";
import avro from "avsc";
import { afterEach, describe, expect, it } from "vitest";
import { transaction } from "../fixtures.js";

/** A tiny in-memory Confluent Schema Registry: just the endpoints our client calls. */
function fakeRegistry(firstId = 100) {
  const byId = new Map<number, string>();
  const subjects = new Map<string, number[]>();
  const calls: string[] = [];
  const auth: Array<string | undefined> = [];
  let nextId = firstId;
  let down = false;

  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = "";
      req.on("data", (c) => {
        s += c;
      });
      req.on("end", () => resolve(s));
    });

  const server: Server = createServer(async (req, res) => {
    calls.push(`${req.method} ${req.url}`);
    auth.push(req.headers.authorization);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/vnd.schemaregistry.v1+json" });
      res.end(JSON.stringify(json));
    };
    if (down) return send(503, { error_code: 50301, message: "down" });
    const register = req.url?.match(/^\/subjects\/([^/]+)\/versions$/);
    const byIdMatch = req.url?.match(/^\/schemas\/ids\/(\d+)$/);
    if (req.method === "POST" && register) {
      const { schema } = JSON.parse(await body(req)) as { schema: string };
      const subject = decodeURIComponent(register[1]!);
      const canonical = JSON.stringify(JSON.parse(schema));
      let id = [...byId].find(([, s]) => s === canonical)?.[0];
      if (id === undefined) {
        id = nextId++;
        byId.set(id, canonical);
      }
      const versions = subjects.get(subject) ?? [];
      if (!versions.includes(id)) versions.push(id);
      subjects.set(subject, versions);
      return send(200, { id });
    }
    if (req.method === "GET" && byIdMatch) {
      const schema = byId.get(Number(byIdMatch[1]));
      return schema ? send(200, { schema }) : send(404, { error_code: 40403, message: "Schema not found" });
    }
    send(404, { error_code: 40401, message: "not found" });
  });

  return {
    server,
    byId,
    calls,
    auth,
    setDown: (d: boolean) => {
      down = d;
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

async function started(firstId?: number) {
  const reg = fakeRegistry(firstId);
  const url = await reg.start();
  stops.push(reg.stop);
  return { reg, url };
}

async function rejection(p: Promise<unknown>): Promise<FraudError> {
  try {
    await p;
  } catch (err) {
    if (isFraudError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

/** A newer producer's transaction schema (v3 = v2 + a defaulted field), framed by hand. */
function v3Bytes(id: number): { schema: string; bytes: Buffer } {
  const v2 = JSON.parse(loadCatalogue().get("transactions-value", 2).text);
  v2.fields.push({ name: "device_id", type: ["null", "string"], default: null });
  const schema = JSON.stringify(v2);
  const body = avro.Type.forSchema(v2).toBuffer({ ...transaction(), device_id: "dev-7" });
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return { schema, bytes: Buffer.concat([header, body]) };
}

describe("schema registry client", () => {
  it("registers every local version and encodes with the registry's ids, sending basic auth", async () => {
    const { reg, url } = await started(100);
    const codecs = await createCodecs({ registryUrl: url, registryAuth: { username: "svc", password: "s3cret" } });
    expect(reg.calls.filter((c) => c.startsWith("POST"))).toHaveLength(loadCatalogue().byId.size);
    expect(reg.auth[0]).toBe(`Basic ${Buffer.from("svc:s3cret").toString("base64")}`);

    const v2 = codecs.transaction.encode(transaction());
    const v1 = codecs.transaction.encodeWith(1, transaction());
    expect(v1.readInt32BE(1)).toBe(100);
    expect(v2.readInt32BE(1)).toBe(101);
    expect(codecs.transaction.decode(v2)).toEqual(transaction());
    expect(codecs.transaction.decode(v1).merchant_category).toBeNull();
    // Catalogue ids mean nothing in the registry's id space.
    const catalogueFramed = Buffer.from(v2);
    catalogueFramed.writeInt32BE(2, 1);
    expect(() => codecs.transaction.decode(catalogueFramed)).toThrow(
      expect.objectContaining({ code: "FRAUD_ERR_DECODE_UNKNOWN_SCHEMA" }),
    );
  });

  it("fetches a writer id it has not seen in prepare, once per batch, then decodes it against the reader", async () => {
    const { reg, url } = await started(100);
    const codecs = await createCodecs({ registryUrl: url });
    const { schema, bytes } = v3Bytes(0);
    reg.byId.set(777, JSON.stringify(JSON.parse(schema)));
    bytes.writeInt32BE(777, 1);

    expect(() => codecs.transaction.decode(bytes)).toThrow(
      expect.objectContaining({ code: "FRAUD_ERR_DECODE_UNKNOWN_SCHEMA" }),
    );
    await codecs.prepare([bytes, bytes, null, Buffer.from("junk"), bytes]);
    expect(reg.calls.filter((c) => c === "GET /schemas/ids/777")).toHaveLength(1);
    const tx = codecs.transaction.decode(bytes);
    expect(tx).toEqual(transaction());
    expect(Object.keys(tx)).not.toContain("device_id");

    await codecs.prepare([bytes]);
    expect(reg.calls.filter((c) => c === "GET /schemas/ids/777")).toHaveLength(1);
  });

  it("an id the registry does not know stays a poison record, not an outage", async () => {
    const { url } = await started();
    const codecs = await createCodecs({ registryUrl: url });
    const bytes = Buffer.from([0, 0, 0, 0x03, 0xe7, 0x02, 0x41]); // id 999
    await codecs.prepare([bytes]);
    expect(() => codecs.transaction.decode(bytes)).toThrow(
      expect.objectContaining({ code: "FRAUD_ERR_DECODE_UNKNOWN_SCHEMA" }),
    );
  });

  it("a registry that is down is REGISTRY_UNAVAILABLE (transient) at start and in prepare", async () => {
    const { reg, url } = await started();
    const codecs = await createCodecs({ registryUrl: url });
    reg.setDown(true);
    const err = await rejection(codecs.prepare([v3Bytes(555).bytes]));
    expect(err.code).toBe("FRAUD_ERR_REGISTRY_UNAVAILABLE");
    expect(err.retriable).toBe(true);

    await reg.stop();
    stops.length = 0;
    const atStart = await rejection(createCodecs({ registryUrl: url, registryStartTimeoutMs: 0 }));
    expect(atStart.code).toBe("FRAUD_ERR_REGISTRY_UNAVAILABLE");
  });
});
