import { unwatchFile, watchFile } from "node:fs";
import type { Logger } from "@fraud/platform";
import { loadRuleFile, NO_RULES, type RuleSet, type Vocabulary } from "@fraud/rules";

/**
 * The current rule set, from a file that is polled for changes (fs.watchFile: it also
 * sees an editor's or a config map's replace-by-rename). A change takes effect at the
 * next batch; a file that fails to load is logged and the previous rules stay. The
 * first load happens at start and a bad file there stops the process (RULES_INVALID).
 */
export function watchRuleFile(
  path: string,
  vocab: Vocabulary,
  options: { intervalMs: number; logger: Logger; onLoaded?: (set: RuleSet) => void },
): { current(): RuleSet; stop(): void } {
  if (path === "") return { current: () => NO_RULES, stop: () => undefined };
  let current = loadRuleFile(path, vocab);
  options.logger.info({ rules: current.rules.length, version: current.version, path }, "rules loaded");
  options.onLoaded?.(current);
  const reload = () => {
    try {
      const next = loadRuleFile(path, vocab);
      if (next.version === current.version) return;
      current = next;
      options.logger.info({ rules: next.rules.length, version: next.version, path }, "rules reloaded");
      options.onLoaded?.(next);
    } catch (err) {
      options.logger.error({ err, path, keeping: current.version }, "rule file refused; keeping the previous rules");
    }
  };
  watchFile(path, { interval: options.intervalMs, persistent: false }, reload);
  return { current: () => current, stop: () => unwatchFile(path, reload) };
}
