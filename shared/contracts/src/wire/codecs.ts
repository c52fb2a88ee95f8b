/**
 * The composition of codecs a service uses. Two id spaces, never mixed:
 *   - no registry: wire ids are the catalogue ids (schemas/catalogue.json);
 *   - a registry: every local version of each subject is registered, oldest first,
 *     and the registry's ids are the wire ids; ids written by others are fetched
 *     in prepare() so decode can stay synchronous.
 */
import { FraudError, isFraudError } from "@fraud/platform";
import { loadCatalogue, parseSchema } from "../schemas.js";
import { type Alert, type Decision, type Label, type RecordKind, SUBJECTS, type Transaction } from "../types.js";
import { createRecordCodec, type RecordCodec, type Writer } from "./codec.js";
import { peekSchemaId } from "./header.js";
import { createRegistryClient, type RegistryClient } from "./registry.js";

/**
 * A registry that is down at start (deployed together with the service, restarting) is
 * waited for with backoff until the deadline, then the start fails with the last error.
 */
async function retryUnavailable<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isFraudError(err, "REGISTRY_UNAVAILABLE") || Date.now() + delay > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export interface Codecs {
  transaction: RecordCodec<Transaction>;
  label: RecordCodec<Label>;
  decision: RecordCodec<Decision>;
  alert: RecordCodec<Alert>;
  /** Fetch any writer schema ids in these values not yet cached (registry only); call once per batch before decode. Registry down → FraudError REGISTRY_UNAVAILABLE (transient). */
  prepare(values: Array<Buffer | null | undefined>): Promise<void>;
}

export interface CodecsOptions {
  registryUrl?: string;
  registryAuth?: { username: string; password: string };
  /** register (default): register our schemas; lookup: only find their ids (read-only credentials). */
  registryMode?: "register" | "lookup";
  /** Keep retrying an unreachable registry at start this long (default 60 s). */
  registryStartTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Reader (and encode) schema version per kind; default latest. Lets tests play an old service. */
  readerVersions?: Partial<Record<RecordKind, number>>;
}

const KINDS: readonly RecordKind[] = ["transaction", "label", "decision", "alert"];

export async function createCodecs(options: CodecsOptions = {}): Promise<Codecs> {
  const catalogue = loadCatalogue();
  const writers = new Map<number, Writer>();
  const encodeIds = new Map<string, Map<number, number>>(); // subject → version → wire id
  let registry: RegistryClient | undefined;

  if (options.registryUrl) {
    registry = createRegistryClient({ url: options.registryUrl, auth: options.registryAuth, fetch: options.fetch });
    const client = registry;
    const lookupOnly = options.registryMode === "lookup";
    const retry = <T>(fn: () => Promise<T>) => retryUnavailable(fn, options.registryStartTimeoutMs ?? 60_000);
    for (const kind of KINDS) {
      const subject = SUBJECTS[kind];
      const ids = new Map<number, number>();
      const versions = catalogue.versions(subject);
      for (const sv of versions) {
        const id = await retry(() =>
          lookupOnly ? client.lookup(subject, sv.text) : client.register(subject, sv.text),
        );
        if (id === undefined) continue;
        ids.set(sv.version, id);
        if (!writers.has(id)) writers.set(id, { id, type: sv.type });
      }
      const newest = versions.at(-1)?.version;
      const wanted = options.readerVersions?.[kind] ?? newest;
      if (wanted !== undefined && !ids.has(wanted)) {
        throw new FraudError(
          "CONFIG_INVALID",
          `${subject} version ${wanted} is not registered in the schema registry, and SCHEMA_REGISTRY_MODE=lookup does not register it: register it first (or run once with SCHEMA_REGISTRY_MODE=register)`,
          { details: { subject, version: wanted } },
        );
      }
      encodeIds.set(subject, ids);
    }
  } else {
    for (const sv of catalogue.byId.values()) {
      writers.set(sv.id, { id: sv.id, type: sv.type });
      const ids = encodeIds.get(sv.subject) ?? new Map<number, number>();
      ids.set(sv.version, sv.id);
      encodeIds.set(sv.subject, ids);
    }
  }

  function codec<T>(kind: RecordKind): RecordCodec<T> {
    const subject = SUBJECTS[kind];
    const reader = catalogue.get(subject, options.readerVersions?.[kind]);
    const ids = encodeIds.get(subject) ?? new Map<number, number>();
    // In lookup mode an old version nobody registered has no id: it cannot be written, only read.
    const encoders = new Map(
      catalogue
        .versions(subject)
        .filter((sv) => ids.has(sv.version))
        .map((sv) => [sv.version, { id: ids.get(sv.version) as number, type: sv.type }]),
    );
    return createRecordCodec<T>({ subject, reader: reader.type, readerVersion: reader.version, encoders, writers });
  }

  const inflight = new Map<number, Promise<void>>();
  async function fetchWriter(client: RegistryClient, id: number): Promise<void> {
    const text = await client.schemaById(id);
    if (text === undefined) return; // unknown: decode raises DECODE_UNKNOWN_SCHEMA for that record only
    try {
      writers.set(id, { id, type: parseSchema(text) });
    } catch {
      // Not an Avro schema we can parse (e.g. Protobuf): its records stay unknown, which is poison, not an outage.
    }
  }

  async function prepare(values: Array<Buffer | null | undefined>): Promise<void> {
    if (!registry) return;
    const client = registry;
    const pending: Promise<void>[] = [];
    for (const value of values) {
      const id = peekSchemaId(value);
      if (id === undefined || writers.has(id)) continue;
      let p = inflight.get(id);
      if (!p) {
        p = fetchWriter(client, id).finally(() => inflight.delete(id));
        inflight.set(id, p);
      }
      pending.push(p);
    }
    if (pending.length > 0) await Promise.all(pending);
  }

  return Object.freeze({
    transaction: codec<Transaction>("transaction"),
    label: codec<Label>("label"),
    decision: codec<Decision>("decision"),
    alert: codec<Alert>("alert"),
    prepare,
  });
}
