export { authorized, parseKeys, presentedKey } from "./auth.js";
export { apiSettings } from "./config.js";
export { transactionFromBody } from "./request.js";
export type { ScoreResponse } from "./score.js";
export { type ApiConfig, startApi } from "./service.js";
