/**
 * Command line and environment of the benchmark. Everything is bounded: the benchmark
 * runs on a shared dev machine, so an absurd flag is refused rather than obeyed, and
 * only a loopback stack is accepted (it creates and deletes topics and keys).
 */
export interface BenchArgs {
  events: number;
  loadRate: number;
  loadSeconds: number;
  brokers: string[];
  redisUrl: string;
}

export const USAGE = `Usage: npx tsx services/scorer/bench/run.ts [--events 20000] [--load-rate 500] [--load-seconds 20]

Measures, in one run on the local stack (KAFKA_BROKERS, REDIS_URL; loopback only):
  throughput of the scorer vs a bare kafkajs passthrough (plain and transactional),
  end-to-end latency at a fixed offered load, CPU per event, peak RSS, Redis cost.
  --events        transactions in the throughput backlog (1000..200000)
  --load-rate     offered load of the latency phase, events/s (1..5000)
  --load-seconds  duration of the latency phase, s (1..120)`;

const BOUNDS = {
  events: [1000, 200_000, 20_000],
  "load-rate": [1, 5000, 500],
  "load-seconds": [1, 120, 20],
} as const;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): BenchArgs | "help" {
  const values: Record<string, number> = {};
  for (const [k, b] of Object.entries(BOUNDS)) values[k] = b[2];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    if (flag === "--help" || flag === "-h") return "help";
    const name = flag.replace(/^--/, "");
    const bounds = BOUNDS[name as keyof typeof BOUNDS];
    if (!flag.startsWith("--") || !bounds) throw new Error(`unknown argument ${flag}\n${USAGE}`);
    const n = Number(argv[++i]);
    if (!Number.isInteger(n) || n < bounds[0] || n > bounds[1]) {
      throw new Error(`${flag} must be an integer in ${bounds[0]}..${bounds[1]}`);
    }
    values[name] = n;
  }
  const brokers = (env.KAFKA_BROKERS || "127.0.0.1:19092").split(",").map((b) => b.trim());
  const redisUrl = env.REDIS_URL || "redis://127.0.0.1:16379";
  for (const b of brokers) if (!/^127\.0\.0\.1:\d+$/.test(b)) throw new Error(`KAFKA_BROKERS: ${b} is not 127.0.0.1`);
  if (new URL(redisUrl).hostname !== "127.0.0.1") throw new Error("REDIS_URL: host is not 127.0.0.1");
  return {
    events: values.events ?? 20_000,
    loadRate: values["load-rate"] ?? 500,
    loadSeconds: values["load-seconds"] ?? 20,
    brokers,
    redisUrl,
  };
}
