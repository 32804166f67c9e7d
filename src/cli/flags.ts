import { Flags } from '@oclif/core';

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
