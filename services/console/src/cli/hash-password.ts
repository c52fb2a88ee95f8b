/**
 * Prints a CONSOLE_USERS entry for an analyst: `name:scrypt$…`. The password is read
 * from stdin (one line), never from argv, so it stays out of shell history and `ps`.
 *   printf '%s\n' "$PASSWORD" | npx tsx services/console/src/cli/hash-password.ts alice
 */
import { USER_PATTERN } from "../auth/accounts.js";
import { hashPassword } from "../auth/password.js";

const user = process.argv[2] ?? "";
if (!USER_PATTERN.test(user)) {
  process.stderr.write("usage: hash-password.ts NAME < password   (NAME: lower-case letters, digits, _ . -)\n");
  process.exit(2);
}
let input = "";
for await (const chunk of process.stdin) input += chunk;
const password = input.split("\n")[0] ?? "";
if (password.length < 8) {
  process.stderr.write("the password must have at least 8 characters\n");
  process.exit(2);
}
process.stdout.write(`${user}:${await hashPassword(password)}\n`);
