import { FraudError } from "./errors.js";
import { isTransientKafkaError } from "./kafka-errors.js";
import { maskPans } from "./pan.js";

/**
 * What every command-line tool shares: one clear line instead of a stack trace when
 * something fails (a broker that dies mid-run included), and stream output that respects
 * a slow reader (backpressure) and a reader that stops reading (`| head`).
 */

/** One line saying what failed and, for an unreachable broker, which variable to check. */
export function describeFailure(err: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = maskPans(String((err as Error)?.message ?? err).split("\n")[0] ?? "");
  if (err instanceof FraudError) return `${err.code}: ${maskPans(err.message)}`;
  if (isTransientKafkaError(err)) {
    return `FRAUD_ERR_KAFKA_UNAVAILABLE: lost the Kafka broker (KAFKA_BROKERS=${env.KAFKA_BROKERS ?? "127.0.0.1:19092"}): ${message}`;
  }
  return `FRAUD_ERR_UNEXPECTED: ${message}`;
}

/**
 * Installs last-resort handlers: an uncaught error or unhandled rejection (a rejected
 * top-level await too) prints `<tool>: <code>: <what>` on stderr and exits 1.
 */
export function exitWithOneLine(tool: string): void {
  const fail = (err: unknown) => {
    process.stderr.write(`${tool}: ${describeFailure(err)}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

/**
 * A writer for a stream's output (stdout by default). Each call resolves once the stream
 * can take more (backpressure), so a slow reader slows the producer instead of filling
 * memory (`write ENOBUFS`). When the reader goes away (EPIPE, `| head`), `onClosed` runs
 * once and further writes are dropped.
 */
export function streamWriter(
  onClosed: () => void,
  stream: NodeJS.WritableStream & { writableEnded?: boolean; destroyed?: boolean } = process.stdout,
): (text: string) => Promise<void> {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClosed();
  };
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") close();
    else throw e;
  });
  return async (text) => {
    if (closed || stream.destroyed) return close();
    if (stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("close", done);
        stream.off("error", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("close", done);
      stream.on("error", done);
    });
  };
}
