export { type Decoded, decodeBatch, type RecordDecoder, type Rejected } from "./decode.js";
