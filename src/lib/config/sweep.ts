import { ConfigError } from '../errors.js';
import { type Override, parseOverride } from './override-grammar.js';

const MAX_JOBS = 1000;

/** Expands `--multirun` overrides into one override list per job (the cartesian product). */
export function expandSweep(overrides: readonly string[]): Override[][] {
  let jobs: Override[][] = [[]];
  for (const text of overrides) {
    const override = parseOverride(text);
    const value = override.value;
    const choices =
      value?.kind === 'sweep'
        ? value.values.map((v): Override => ({ ...override, value: { kind: 'value', value: v } }) as Override)
        : [override];
    jobs = jobs.flatMap((job) => choices.map((choice) => [...job, choice]));
    if (jobs.length > MAX_JOBS) {
      throw new ConfigError(`The sweep expands to more than ${MAX_JOBS} runs.`, {
        code: 'MLX_CONFIG_SWEEP',
        hint: 'Sweep over fewer values.',
      });
    }
  }
  return jobs;
}

/** A short label for one job of a sweep, e.g. `train.lr=0.1 model.hidden=[64,32]`. */
export function describeJob(job: readonly Override[]): string {
  return job
    .filter((o) => o.value?.kind === 'value')
    .map((o) => `${o.key}=${JSON.stringify(o.value?.kind === 'value' ? o.value.value : null)}`)
    .join(' ');
}
