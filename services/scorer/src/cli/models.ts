/**
 * The model registry CLI of one deployment (MODEL_DEPLOYMENT) on TOPIC_MODELS, with the
 * artifacts in MODEL_REGISTRY_DIR:
 *   npx tsx services/scorer/src/cli/models.ts list | show VERSION | register DIR
 *     | promote VERSION --to shadow|champion|retired | retire VERSION | rollback
 *     | compare [--shadow VERSION] | drift [--version VERSION] [--from ISO] [--until ISO]
 * Every change needs --reason and a name (--by or MODELS_BY).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { codecsOptions, createCodecs, parseTimestamp } from "@fraud/contracts";
import { parseReferences } from "@fraud/drift";
import { createKafka, FraudError, loadConfig } from "@fraud/platform";
import { STAGES, type Stage } from "../score/registry/state.js";
import { readRegistry } from "../score/registry/topic.js";
import { compareShadow, formatComparison } from "./models/compare.js";
import { driftOf, formatDrift } from "./models/drift.js";
import { readDecisions, readLabels } from "./models/read.js";
import { list, promoteVersion, registerDir, rollbackChampion, show } from "./models/registry-commands.js";
import { modelsCliSettings } from "./models/settings.js";

const USAGE = `usage: models <command> [options]
  list                                   versions and their stages
  show VERSION                           card summary and history of a version
  register DIR --reason WHY              copy a model folder into the registry as a candidate
  promote VERSION --to STAGE --reason WHY   shadow | champion | retired
  retire VERSION --reason WHY            same as promote --to retired
  rollback --reason WHY                  the previous champion becomes champion again
  compare [--shadow VERSION]             champion vs shadow from the decisions and labels topics
  drift [--version V | --model-dir DIR] [--from T] [--until T]
                                         PSI per feature of V's decisions with event time in [from, until)
options: --by NAME (or MODELS_BY), --unlabelled-genuine (compare: unlabelled transactions count as genuine)
environment: KAFKA_BROKERS, TOPIC_MODELS, TOPIC_DECISIONS, TOPIC_LABELS, MODEL_DEPLOYMENT, MODEL_REGISTRY_DIR
`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: "string" },
      reason: { type: "string" },
      by: { type: "string" },
      shadow: { type: "string" },
      version: { type: "string" },
      from: { type: "string" },
      "model-dir": { type: "string" },
      until: { type: "string" },
      "unlabelled-genuine": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig(modelsCliSettings);
  const kafka = createKafka(config);
  const ctx = {
    kafka,
    topic: config.models,
    deployment: config.modelDeployment,
    registryDir: config.modelRegistryDir,
  };
  const who = () => {
    const by = values.by ?? config.by;
    if (!by) throw usage("say who you are: --by NAME or MODELS_BY");
    if (!values.reason) throw usage("--reason is required for every registry change");
    return { by, why: values.reason, at: Date.now() };
  };
  const need = (x: string | undefined, what: string) => {
    if (!x) throw usage(`${command} needs ${what}`);
    return x;
  };

  switch (command) {
    case "list":
      return out(await list(ctx));
    case "show":
      return out(await show(ctx, need(arg, "a VERSION")));
    case "register":
      return out(await registerDir(ctx, need(arg, "a model DIR"), who()));
    case "promote": {
      const to = need(values.to, "--to shadow|champion|retired") as Stage;
      if (!STAGES.includes(to)) throw usage(`--to must be one of ${STAGES.join(", ")}`);
      return out(await promoteVersion(ctx, need(arg, "a VERSION"), to, who()));
    }
    case "retire":
      return out(await promoteVersion(ctx, need(arg, "a VERSION"), "retired", who()));
    case "rollback":
      return out(await rollbackChampion(ctx, who()));
    case "compare": {
      const codecs = await createCodecs(codecsOptions(config));
      const [{ decisions }, labels] = await Promise.all([
        readDecisions(kafka, codecs, config.decisions),
        readLabels(kafka, codecs, config.labels),
      ]);
      if (values["unlabelled-genuine"])
        for (const d of decisions) if (!labels.has(d.transaction_id)) labels.set(d.transaction_id, false);
      const c = compareShadow(decisions, labels, values.shadow);
      if (!c) return out(`no decisions with a shadow score on ${config.decisions}\n`, 1);
      return out(formatComparison(c));
    }
    case "drift": {
      const codecs = await createCodecs(codecsOptions(config));
      // The card: a registered version's (default the champion), or any model folder's.
      let dir = values["model-dir"];
      let version = values.version;
      if (!dir) {
        if (!ctx.registryDir) throw usage("drift needs MODEL_REGISTRY_DIR (or --model-dir DIR)");
        const state = await readRegistry(kafka, config.models, config.modelDeployment);
        version ??= state.versions.find((v) => v.stage === "champion")?.version;
        const entry = state.versions.find((v) => v.version === version);
        if (!entry) throw usage(`no registered version ${version ?? "(no champion)"}: pass --version`);
        dir = join(ctx.registryDir, entry.dir);
      }
      const card = JSON.parse(await readFile(join(dir, "model-card.json"), "utf8"));
      version ??= card.model_version as string;
      const references = parseReferences(card.reference_distributions);
      if (!references)
        return out(`model ${version} has no reference distributions in its card: no drift to compute\n`, 1);
      const from = values.from ? parseTimestamp("--from", values.from) : Number.NEGATIVE_INFINITY;
      const to = values.until ? parseTimestamp("--until", values.until) : Number.POSITIVE_INFINITY;
      const { decisions } = await readDecisions(kafka, codecs, config.decisions);
      const inRange = decisions.filter((d) => d.model_version === version && d.event_time >= from && d.event_time < to);
      return out(`${inRange.length} decisions by ${version}\n${formatDrift(driftOf(inRange, references))}`);
    }
    default:
      throw usage(`unknown command ${command}`);
  }
}

function usage(msg: string): FraudError {
  return new FraudError("CONFIG_INVALID", `${msg}\n\n${USAGE}`);
}

function out(text: string, code = 0): number {
  process.stdout.write(text);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const code = err instanceof FraudError ? err.code : "";
    process.stderr.write(`${code ? `${code}: ` : ""}${(err as Error).message}\n`);
    process.exit(err instanceof FraudError && err.code.endsWith("CONFIG_INVALID") ? 2 : 1);
  },
);
