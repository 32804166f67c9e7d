import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import type { TrainJobsResult } from '../lib/workflows/train.js';

export default class Train extends BaseCommand<typeof Train> {
  static override summary = 'Train a model on the prepared data; writes a run directory and registers a model version.';
  static override description =
    'Seeded and reproducible: the same data, config and seed give bit-identical weights on the same backend, so a config already trained on the same data is not trained again (--force does). train.register decides what becomes a model version: best (the run, or the best of a sweep), all, none. With --multirun, every combination of the swept --set values is trained as its own run and a leaderboard is printed. Ctrl-C stops cleanly, keeps the best model so far (not registered) and exits 130.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --set lr=0.01 --set model=linear',
    '<%= config.bin %> <%= command.id %> --multirun --set train.lr=0.1,0.01 --set model.hidden=[32],[64,32]',
    '<%= config.bin %> <%= command.id %> --multirun --jobs 2 --set train.lr=0.1,0.03,0.01',
  ];
  static override configSection = 'train' as const;
  // Resolved in run(): one config per sweep job.
  static override loadsConfig = false;
  static override interruptible = 'exit' as const;
  static override flags = {
    multirun: Flags.boolean({ char: 'm', summary: 'Run the cartesian product of swept --set values, one run each.' }),
    jobs: Flags.integer({
      char: 'j',
      min: 1,
      default: 1,
      summary: 'Sweep members trained at once, each in its own worker process (local launcher).',
    }),
    force: Flags.boolean({
      char: 'f',
      summary: 'Train (and register a version) even when a run with the same data and config exists.',
    }),
  };

  async run(): Promise<TrainJobsResult> {
    const { expandSweep } = await import('../lib/config/index.js');
    const { overrideTexts, trainJobs, sweepLabels } = await import('../lib/workflows/train.js');
    const { epochProgress } = await import('../cli/progress.js');
    const { renderTrainResult } = await import('../cli/render/train.js');
    const jobs = this.flags.multirun ? expandSweep(this.flags.set) : [this.flags.set];
    const labels = this.flags.multirun ? sweepLabels(jobs as ReturnType<typeof expandSweep>) : [''];
    const resolved = [];
    for (const job of jobs) resolved.push(await this.resolve(job));
    const logger = await this.getLogger();
    const stream = this.flags.quiet ? null : process.stderr;
    let progress = epochProgress({ stream, logger });
    try {
      const result = await trainJobs(
        resolved.map(({ root, config }, i) => ({
          label: labels[i] ?? '',
          root,
          config,
          overrides: this.flags.multirun
            ? overrideTexts(jobs[i] as ReturnType<typeof expandSweep>[number])
            : this.flags.set,
        })),
        {
          logger,
          force: this.flags.force,
          signal: this.signal,
          jobs: this.flags.jobs,
          onJobStart: (i, total) => {
            progress.done();
            progress = epochProgress({ stream, logger, ...(total > 1 ? { label: `${i + 1}/${total}` } : {}) });
          },
          onEpoch: (stats) => progress.onEpoch(stats),
          onFitEnd: () => progress.done(),
        },
      );
      this.log(renderTrainResult(result));
      return result;
    } finally {
      progress.done();
    }
  }
}
