import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweep, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { overrideTexts, sweepLabels, type TrainJobsResult, trainJobs } from '../../../src/lib/workflows/train.js';
import { copyProject } from '../../helpers/project.js';

// register=all: every member registers, so two workers register at the same moment.
const SWEEP = ['train.epochs=4', 'train.backend=wasm', 'train.register=all', 'train.lr=0.05,0.02,0.01'];
const logger = silentLogger();
const roots: string[] = [];

/** The sweep in a fresh copy of the example, `jobs` members at a time. */
async function sweep(jobs: number): Promise<TrainJobsResult> {
  const root = copyProject('mlx-sweep-jobs-');
  roots.push(root);
  const expanded = expandSweep(SWEEP);
  const labels = sweepLabels(expanded);
  const members = [];
  for (const [i, job] of expanded.entries()) {
    const { config } = await resolveConfig({ cwd: root, env: {}, overrides: overrideTexts(job) });
    members.push({ label: labels[i] ?? '', root, config });
  }
  const first = members[0];
  if (!first) throw new Error('empty sweep');
  await prepareData({ root, config: first.config, logger });
  return trainJobs(members, { logger, jobs });
}

let one: TrainJobsResult;
let two: TrainJobsResult;
beforeAll(async () => {
  one = await sweep(1);
  two = await sweep(2);
}, 240_000);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('mlx train --multirun --jobs N', () => {
  it('gives the same runs with 2 worker processes as in order (weights sha256 per member)', () => {
    const weights = (r: TrainJobsResult) => Object.fromEntries(r.runs.map((run) => [run.label, run.weightsSha256]));
    expect(Object.keys(weights(one))).toEqual(['train.lr=0.05', 'train.lr=0.02', 'train.lr=0.01']);
    expect(weights(two)).toEqual(weights(one));
    expect(two.leaderboard.map((r) => r.label)).toEqual(one.leaderboard.map((r) => r.label));
  });

  it('registers every member once, with distinct versions, though two registered at the same time', () => {
    expect(two.runs.map((r) => r.model.version).sort()).toEqual([1, 2, 3]);
    expect(new Set(two.runs.map((r) => r.runId)).size).toBe(3);
    expect(two.runs.every((r) => r.status === 'completed')).toBe(true);
  });

  it('writes the texts that reproduce each member (what a remote member is launched with)', () => {
    const [job] = expandSweep(['model.hidden=[64,32],[8]', "+note='a b'", 'train.lr=0.1']);
    expect(overrideTexts(job ?? [])).toEqual(['model.hidden=[64,32]', '+note="a b"', 'train.lr=0.1']);
  });
});
