import { registrySettings } from "@fraud/contracts";
import { kafkaSettings, str, topicSettings } from "@fraud/platform";
import { scorerSettings } from "../../config.js";

/** The models CLI's settings: the scorer's own names for the registry, plus who is acting. */
export const modelsCliSettings = {
  ...kafkaSettings,
  ...topicSettings,
  ...registrySettings,
  modelRegistryDir: scorerSettings.modelRegistryDir,
  modelDeployment: scorerSettings.modelDeployment,
  by: str("MODELS_BY", "Who makes a registry change (overridden by --by); recorded with every change.", ""),
};
