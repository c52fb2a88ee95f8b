export * from "./clock.js";
export * from "./config.js";
export * from "./errors.js";
export * from "./kafka.js";
export * from "./logger.js";
export * from "./redis.js";
export * from "./topic-snapshot.js";
export * from "./topics.js";
