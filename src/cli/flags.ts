import { Flags } from '@oclif/core';

/**
 * The input policy as flags, shared by `mlx predict`, `mlx evaluate` and `mlx serve` (each sets the
 * `inputs.*` key of the same name; see BaseCommand.configFlags).
 */
export const inputPolicyFlags = {
  'on-out-of-range': Flags.string({
    summary: 'A value outside a declared min/max: reject or warn (default inputs.on_out_of_range).',
    options: ['reject', 'warn'],
  }),
  'on-unknown-category': Flags.string({
    summary: 'A category outside a declared allowed list: reject or warn (default inputs.on_unknown_category).',
    options: ['reject', 'warn'],
  }),
  'on-missing': Flags.string({
    summary: 'A missing value of a required feature: impute or reject (default inputs.on_missing).',
    options: ['reject', 'impute'],
  }),
};

/** The config keys the input policy flags set. */
export const INPUT_POLICY_KEYS = {
  'on-out-of-range': 'inputs.on_out_of_range',
  'on-unknown-category': 'inputs.on_unknown_category',
  'on-missing': 'inputs.on_missing',
} as const;

/** Flags every mlx command accepts. */
export const globalFlags = {
  config: Flags.string({
    char: 'c',
    summary: 'Config file to use instead of searching for mlx.config.yaml.',
    helpGroup: 'GLOBAL',
  }),
  set: Flags.string({
    char: 's',
    summary: 'Override a config value, Hydra style: key=value, +key=value, ++key=value, ~key. Repeatable.',
    multiple: true,
    default: [],
    helpGroup: 'GLOBAL',
  }),
  'log-level': Flags.string({
    summary: 'Log verbosity (default: logging.level from the config).',
    options: ['error', 'warn', 'info', 'debug'],
    helpGroup: 'GLOBAL',
  }),
  'log-format': Flags.string({
    summary: 'Log line format; auto = readable on a terminal, JSON lines otherwise.',
    options: ['auto', 'pretty', 'json'],
    helpGroup: 'GLOBAL',
  }),
  quiet: Flags.boolean({ char: 'q', summary: 'Only log errors.', helpGroup: 'GLOBAL' }),
};
