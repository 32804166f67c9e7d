export { type ResolveConfigOptions, type ResolvedConfig, resolveConfig, resolveKey } from './load.js';
export { type Override, type OverrideValue, parseOverride, parseOverrideValue } from './override-grammar.js';
export { projectPath } from './paths.js';
export { type ConfigSection, configSchema, defaultConfig, type MlxConfig } from './schema.js';
export { describeJob, expandSweep } from './sweep.js';
