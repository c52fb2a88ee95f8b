export { toolSettings } from "./config.js";
export { readHistory } from "./history.js";
