export { type Accounts, authenticate, parseAccounts } from "./auth/accounts.js";
export { hashPassword, verifyPassword } from "./auth/password.js";
export { Sessions, sameToken } from "./auth/sessions.js";
export { consoleSettings } from "./config.js";
export { type AppOptions, createApp } from "./web/app.js";
