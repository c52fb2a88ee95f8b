/**
 * The project's own schemas: schemas/catalogue.json and the .avsc files beside it.
 * Without a registry these ids are the wire ids. Loaded once per process; every
 * schema gets its own avsc name registry because v1 and v2 share a record name.
 */
import { readFileSync } from "node:fs";
import { FraudError } from "@fraud/platform";
import avro from "avsc";

export interface SchemaVersion {
  readonly id: number;
  readonly subject: string;
  readonly version: number;
  /** The schema as JSON text, as a registry stores it. */
  readonly text: string;
  readonly type: avro.Type;
}

export interface Catalogue {
  readonly byId: ReadonlyMap<number, SchemaVersion>;
  /** Versions of a subject, oldest first. */
  versions(subject: string): readonly SchemaVersion[];
  /** A given version, or the latest when version is undefined. */
  get(subject: string, version?: number): SchemaVersion;
}

interface CatalogueFile {
  schemas: Array<{ id: number; subject: string; version: number; file: string }>;
}

export const SCHEMAS_DIR = new URL("../../../schemas/", import.meta.url);

/** Parse an Avro schema text. No logicalTypes option: timestamp-millis stays a plain long (number). */
export function parseSchema(text: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(text) as avro.Schema);
}

let cached: Catalogue | undefined;

export function loadCatalogue(dir: URL = SCHEMAS_DIR): Catalogue {
  if (dir === SCHEMAS_DIR && cached) return cached;
  let file: CatalogueFile;
  const byId = new Map<number, SchemaVersion>();
  const bySubject = new Map<string, SchemaVersion[]>();
  try {
    file = JSON.parse(readFileSync(new URL("catalogue.json", dir), "utf8")) as CatalogueFile;
    for (const entry of file.schemas) {
      const text = JSON.stringify(JSON.parse(readFileSync(new URL(entry.file, dir), "utf8")));
      const sv: SchemaVersion = Object.freeze({ ...entry, text, type: parseSchema(text) });
      byId.set(sv.id, sv);
      const list = bySubject.get(sv.subject) ?? [];
      list.push(sv);
      bySubject.set(sv.subject, list);
    }
  } catch (cause) {
    throw new FraudError("CONFIG_INVALID", `cannot load the schema catalogue in ${dir.pathname}`, { cause });
  }
  for (const list of bySubject.values()) list.sort((a, b) => a.version - b.version);

  const catalogue: Catalogue = {
    byId,
    versions: (subject) => bySubject.get(subject) ?? [],
    get(subject, version) {
      const list = bySubject.get(subject) ?? [];
      const found = version === undefined ? list.at(-1) : list.find((s) => s.version === version);
      if (!found) {
        throw new FraudError("CONFIG_INVALID", `no schema ${subject} version ${version ?? "latest"} in the catalogue`, {
          details: { subject, version },
        });
      }
      return found;
    },
  };
  if (dir === SCHEMAS_DIR) cached = catalogue;
  return catalogue;
}

/** Field names of the latest schema of a subject, in schema order (the canonical file columns). */
export function fieldNames(subject: string): readonly string[] {
  const type = loadCatalogue().get(subject).type as avro.types.RecordType;
  return type.fields.map((f) => f.name);
}
