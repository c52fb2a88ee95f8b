/**
 * A fix for kafkajs 2.2.4's read_committed filter (src/consumer/filterAbortedMessages.js).
 * kafkajs is unmaintained, so the fix is applied here, before kafkajs is first loaded.
 *
 * The bug: for each message kafkajs activates at most ONE aborted transaction whose first
 * offset it has reached. When a fetch starts after two or more aborted transactions began
 * (the broker lists them all), the records of all but the first leak to a read_committed
 * reader. The scorer aborts several open transactions at once whenever a crashed instance
 * is fenced, so every reader we ship would see outputs that were never committed.
 * test/foundation/read-committed.test.ts reproduces it on the real broker.
 *
 * The fix: sort the aborted transactions by first offset and activate every one the
 * message has reached. The rest is kafkajs's own logic: a transaction ends at its
 * producer's abort marker (control record key 0x00000000).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const MARK = Symbol.for("fraud-pipeline.kafkajs.read-committed-fix");
const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

interface Message {
  offset: string;
  key: Buffer | null;
  batchContext: { producerId: string; inTransaction: boolean };
}
interface Aborted {
  firstOffset: string;
  producerId: string;
}

export function filterAbortedMessages<M extends Message>(args: {
  messages: M[];
  abortedTransactions?: Aborted[];
}): M[] {
  const { messages, abortedTransactions } = args;
  if (!abortedTransactions || abortedTransactions.length === 0) return messages;
  const pending = [...abortedTransactions].sort((a, b) => cmp(BigInt(a.firstOffset), BigInt(b.firstOffset)));
  const active = new Set<string>();
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    while (pending.length > 0 && offset >= BigInt((pending[0] as Aborted).firstOffset)) {
      active.add(String((pending.shift() as Aborted).producerId));
    }
    const producerId = String(message.batchContext.producerId);
    if (message.key && Buffer.from(message.key).equals(ABORT_MARKER_KEY)) {
      active.delete(producerId);
      return true;
    }
    return !(active.has(producerId) && message.batchContext.inTransaction);
  });
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

function install(): void {
  const filterPath = require.resolve("kafkajs/src/consumer/filterAbortedMessages.js");
  const batchPath = require.resolve("kafkajs/src/consumer/batch.js");
  const cached = require.cache[filterPath];
  if (cached && (cached.exports as { [MARK]?: boolean })[MARK]) return;
  if (require.cache[batchPath]) {
    throw new Error(
      "kafkajs was loaded before @fraud/platform could fix its read_committed filter: import @fraud/platform before kafkajs",
    );
  }
  require(filterPath);
  const module = require.cache[filterPath];
  if (!module) throw new Error("cannot load kafkajs' filterAbortedMessages to fix it");
  module.exports = Object.assign(
    (a: { messages: Message[]; abortedTransactions?: Aborted[] }) => filterAbortedMessages(a),
    {
      [MARK]: true,
    },
  );
}

install();
