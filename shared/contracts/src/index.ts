export { CellError, columnsOf, formatTimestamp, fromJson, parseTimestamp } from "./files/columns.js";
export { CsvSyntaxError, formatCsvCell, formatCsvRow, parseCsvLine } from "./files/csv.js";
export { type FileFormat, formatOf, type ReadOptions, readRecords } from "./files/read.js";
export { createRecordWriter, type RecordWriter } from "./files/write.js";
export { fieldNames, loadCatalogue, parseSchema } from "./schemas.js";
export * from "./types.js";
export {
  type FieldLimit,
  LIMITS,
  looksLikePan,
  MAX_AMOUNT_MINOR,
  MAX_KEY_BYTES,
  MAX_TIME,
  MIN_TIME,
  passesLuhn,
  validateKey,
  validateLabel,
  validateTransaction,
} from "./validate.js";
export type { RecordCodec } from "./wire/codec.js";
export { type Codecs, type CodecsOptions, createCodecs } from "./wire/codecs.js";
export { HEADER_BYTES, MAGIC, peekSchemaId } from "./wire/header.js";
export { codecsFromEnv, codecsOptions, type RegistryConfig, registrySettings } from "./wire/settings.js";
