import { describe, expect, it } from 'vitest';
import { describeJob, expandSweep } from '../../../src/lib/config/sweep.js';

describe('expandSweep', () => {
  it('runs the cartesian product of every sweep, keeping plain overrides in each job', () => {
    const jobs = expandSweep(['train.lr=0.1,0.01', 'model.hidden=[32],[64,32]', 'seed=1']);
    expect(jobs.map(describeJob)).toEqual([
      'train.lr=0.1 model.hidden=[32] seed=1',
      'train.lr=0.1 model.hidden=[64,32] seed=1',
      'train.lr=0.01 model.hidden=[32] seed=1',
      'train.lr=0.01 model.hidden=[64,32] seed=1',
    ]);
  });

  it('expands range and choice', () => {
    expect(expandSweep(['train.epochs=range(1,4)']).map(describeJob)).toEqual([
      'train.epochs=1',
      'train.epochs=2',
      'train.epochs=3',
    ]);
    expect(expandSweep(['train.optimizer=choice(adam,sgd)'])).toHaveLength(2);
  });

  it('without sweeps there is exactly one job', () => {
    expect(expandSweep(['train.lr=0.1'])).toHaveLength(1);
    expect(expandSweep([])).toEqual([[]]);
  });

  it('refuses sweeps that explode', () => {
    expect(() => expandSweep(['a=range(100)', 'b=range(100)'])).toThrow(/more than 1000 runs/);
  });
});
