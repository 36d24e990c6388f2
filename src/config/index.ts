/** Run configuration: one option table; flags > environment > YAML file > defaults. */
export { resolveRunConfig, type RunConfig, type RunConfigResult } from "./resolve.ts";
export { runHelpText } from "./help.ts";
export { describeConfig, describeConfigLine } from "./describe.ts";
export {
  optionTable,
  runDialects,
  failOnLevels,
  junitTranscriptModes,
  type JUnitTranscriptMode,
  type RunDialect,
  type FailOn,
  type RunOptionValues,
  type OptionSpec,
} from "./options.ts";
export { proxyFromEnv, directConnection, usesProxy, describeProxyUrl, type ProxySettings } from "./proxy.ts";
