import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/lib/config/load.js';
import { ConfigError } from '../../../src/lib/errors.js';
import { makeProject } from '../../helpers/project.js';

const project = () =>
  makeProject({
    'mlx.config.yaml': ['defaults:', '  - model: small', 'seed: 7', 'train:', '  lr: 0.05', '  epochs: 3', ''].join(
      '\n',
    ),
    'configs/model/small.yaml': 'hidden: [8]\ndropout: 0.1\n',
    'configs/model/big.yaml': 'hidden: [128, 64]\n',
    'configs/env/prod.yaml': '# @package _global_\nserve:\n  host: 0.0.0.0\ntrain:\n  epochs: 9\n',
    'configs/experiment/fast.yaml': 'train:\n  epochs: 1\n',
  });

describe('resolveConfig layers', () => {
  it('Given only defaults, when resolving without a file, then every section has its defaults', () => {
    const dir = makeProject({});
    const { config, file, sources } = resolveConfig({ cwd: dir, env: {} });
    expect(file).toBeUndefined();
    expect(config.seed).toBe(42);
    expect(config.train.lr).toBe('auto');
    expect(config.inputs).toEqual({ on_out_of_range: 'warn', on_unknown_category: 'reject', on_missing: 'impute' });
    expect(sources.get('train.lr')).toBe('default');
  });

  it('merges file, then groups, then env file, env vars and --set, each attributed', () => {
    const dir = project();
    const { config, sources, groups } = resolveConfig({
      cwd: dir,
      env: { MLX_ENV: 'prod', MLX_TRAIN__LR: '0.2', MLX_SERVE__PORT: '9090' },
      overrides: ['train.lr=0.5'],
    });
    expect(config.seed).toBe(7);
    expect(config.model).toMatchObject({ hidden: [8] });
    expect(config.train.epochs).toBe(9);
    expect(config.serve).toMatchObject({ host: '0.0.0.0', port: 9090 });
    expect(config.train.lr).toBe(0.5);
    expect(groups).toEqual({ model: 'small', env: 'prod' });
    expect(
      Object.fromEntries(
        ['seed', 'model.hidden', 'train.epochs', 'serve.port', 'train.lr'].map((k) => [k, sources.get(k)]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "model.hidden": "configs/model/small.yaml",
        "seed": "mlx.config.yaml",
        "serve.port": "env MLX_SERVE__PORT",
        "train.epochs": "configs/env/prod.yaml",
        "train.lr": "--set train.lr=0.5",
      }
    `);
  });

  it('env vars sit below --set and above files', () => {
    const { config, sources } = resolveConfig({ cwd: project(), env: { MLX_TRAIN__EPOCHS: '11' } });
    expect(config.train.epochs).toBe(11);
    expect(sources.get('train.epochs')).toBe('env MLX_TRAIN__EPOCHS');
  });

  it('maps nested env vars with double underscores and types their values', () => {
    const { config } = resolveConfig({
      cwd: project(),
      env: { MLX_TRAIN__EARLY_STOPPING__ENABLED: 'false', MLX_MODEL__HIDDEN: '[4,2]', UNRELATED: 'x', MLX_ENVX: 'y' },
    });
    expect(config.train.early_stopping.enabled).toBe(false);
    expect(config.model).toMatchObject({ hidden: [4, 2] });
  });

  it('honours PORT only when asked (serve), below MLX_ variables', () => {
    expect(resolveConfig({ cwd: project(), env: { PORT: '7000' } }).config.serve.port).toBe(8080);
    expect(resolveConfig({ cwd: project(), env: { PORT: '7000' }, honourPortEnv: true }).config.serve.port).toBe(7000);
    const both = resolveConfig({ cwd: project(), env: { PORT: '7000', MLX_SERVE__PORT: '7001' }, honourPortEnv: true });
    expect(both.config.serve.port).toBe(7001);
  });

  it('selects a group option with --set group=name and adds one with +group=name', () => {
    const { config, sources, groups } = resolveConfig({
      cwd: project(),
      env: {},
      overrides: ['model=big', '+experiment=fast'],
    });
    expect(config.model).toMatchObject({ hidden: [128, 64] });
    expect(config.model).toMatchObject({ dropout: 0 });
    expect(config.train.epochs).toBe(1);
    expect(groups).toEqual({ model: 'big', experiment: 'fast' });
    expect(sources.get('train.epochs')).toBe('configs/experiment/fast.yaml');
  });

  it('puts the file after its groups when the defaults list says _self_ last', () => {
    const dir = makeProject({
      'mlx.config.yaml': 'defaults:\n  - model: a\n  - _self_\nmodel:\n  dropout: 0.3\n',
      'configs/model/a.yaml': 'dropout: 0.1\n',
    });
    expect(resolveConfig({ cwd: dir, env: {} }).config.model).toMatchObject({ dropout: 0.3 });
    const groupWins = makeProject({
      'mlx.config.yaml': 'defaults:\n  - _self_\n  - model: a\nmodel:\n  dropout: 0.3\n',
      'configs/model/a.yaml': 'dropout: 0.1\n',
    });
    expect(resolveConfig({ cwd: groupWins, env: {} }).config.model).toMatchObject({ dropout: 0.1 });
  });

  it('resolves a bare key inside the command section', () => {
    const { config } = resolveConfig({ cwd: project(), env: {}, overrides: ['lr=0.3', 'seed=1'], section: 'train' });
    expect(config.train.lr).toBe(0.3);
    expect(config.seed).toBe(1);
  });

  it('applies add, force and delete with Hydra rules', () => {
    const { config } = resolveConfig({
      cwd: project(),
      env: {},
      overrides: ['+data.rename.Old=new', '++train.lr=0.9', '++data.rename.X=y', '~train.epochs'],
    });
    expect(config.data.rename).toEqual({ Old: 'new', X: 'y' });
    expect(config.train.lr).toBe(0.9);
    expect(config.train.epochs).toBe('auto');
  });

  it('sets an entry of a user-keyed map without +, and suggests the right key for a typo', () => {
    const overrides = ['drift.columns.bill.test=psi', 'drift.columns.bill.threshold=0.2', 'data.rename.A=a'];
    const { config } = resolveConfig({ cwd: project(), env: {}, overrides });
    expect(config.drift.columns).toEqual({ bill: { test: 'psi', threshold: 0.2 } });
    expect(config.data.rename).toMatchObject({ A: 'a' });
    // Bare keys resolve in the command's section, as the README prints them for `mlx drift`.
    const bare = resolveConfig({ cwd: project(), env: {}, overrides: ['columns.x.test=ks'], section: 'drift' });
    expect(bare.config.drift.columns.x).toEqual({ test: 'ks', threshold: null });
    expect(() => resolveConfig({ cwd: project(), env: {}, overrides: ['drift.colums.x.test=psi'] })).toThrow(
      "Did you mean 'drift.columns.x.test'?",
    );
    // Inside the entry, zod still checks the keys.
    expect(() => resolveConfig({ cwd: project(), env: {}, overrides: ['drift.columns.x.tset=psi'] })).toThrow(
      /drift\.columns\.x\.tset: unknown key/,
    );
  });

  it('finds the config file from a sub-folder and uses an explicit --config file', () => {
    const dir = project();
    const nested = makeProject({});
    expect(resolveConfig({ cwd: dir, env: {}, configFile: `${dir}/mlx.config.yaml` }).config.seed).toBe(7);
    expect(resolveConfig({ cwd: nested, env: {} }).config.seed).toBe(42);
  });
});

describe('resolveConfig errors', () => {
  const fail = (fn: () => unknown): ConfigError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('an unknown --set key names the key and suggests near ones', () => {
    const error = fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['trian.lr=0.1'] }));
    expect(error.message).toMatchInlineSnapshot(
      `"Could not override 'trian.lr': no such key in the config. Did you mean 'train.lr'?"`,
    );
    expect(error.exitCode).toBe(2);
  });

  it('a sweep without --multirun is ambiguous', () => {
    const error = fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['train.lr=0.1,0.2'] }));
    expect(error.code).toBe('MLX_CONFIG_SWEEP');
    expect(error.message).toMatchInlineSnapshot(`
      "Ambiguous value for argument 'train.lr=0.1,0.2': it is a sweep over 2 values.
        1. To use it as a list, use train.lr=[0.1,0.2]
        2. To use it as a string, quote the value: train.lr='0.1,0.2'
        3. To sweep over it, add --multirun to your command line"
    `);
  });

  it('a wrong type names the key, value, layer and what is allowed', () => {
    const error = fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['train.optimizer=adamw'] }));
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid config:
        - train.optimizer: Invalid option: expected one of "adam"|"sgd"|"rmsprop" (got "adamw", from --set train.optimizer=adamw)"
    `);
  });

  it('an unknown key in a file names the file and suggests', () => {
    const dir = makeProject({ 'mlx.config.yaml': 'train:\n  epochz: 3\n' });
    const error = fail(() => resolveConfig({ cwd: dir, env: {} }));
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid config:
        - train.epochz: unknown key. Did you mean 'train.epochs'? (got 3, from mlx.config.yaml)"
    `);
  });

  it('bad YAML names the file, line and column', () => {
    const dir = makeProject({ 'mlx.config.yaml': 'train:\n  lr: [1, 2\n' });
    expect(fail(() => resolveConfig({ cwd: dir, env: {} })).message).toMatch(
      /Invalid YAML in .*mlx\.config\.yaml:\d+:\d+/,
    );
  });

  it('a missing group option lists the available ones', () => {
    const error = fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['model=bigg'] }));
    expect(error.message).toContain("Config group 'model' has no option 'bigg' (selected by --set model=bigg)");
    expect(error.message).toContain("Did you mean 'big'?");
    expect(error.hint).toBe('Available model options: big, small.');
  });

  it('a missing MLX_ENV file and an unknown env var are errors', () => {
    expect(fail(() => resolveConfig({ cwd: project(), env: { MLX_ENV: 'staging' } })).message).toContain(
      'configs/env/staging.yaml does not exist',
    );
    expect(fail(() => resolveConfig({ cwd: project(), env: { MLX_TRAIN__LRR: '1' } })).message).toContain(
      "Environment variable MLX_TRAIN__LRR sets 'train.lrr', which is not a config key. Did you mean 'train.lr'?",
    );
  });

  it('add refuses an existing key, delete refuses a missing one', () => {
    expect(fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['+train.lr=1'] })).message).toContain(
      "Could not add 'train.lr': it is already in the config.",
    );
    expect(fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['~train.nope'] })).message).toContain(
      "Could not delete 'train.nope'",
    );
    expect(fail(() => resolveConfig({ cwd: project(), env: {}, overrides: ['~train.lr=0.1'] })).message).toContain(
      'its value is 0.05, not 0.1',
    );
  });

  it('a missing --config file and a malformed defaults list are errors', () => {
    expect(fail(() => resolveConfig({ cwd: project(), env: {}, configFile: '/nope/mlx.yaml' })).code).toBe(
      'MLX_CONFIG_FILE',
    );
    const dir = makeProject({ 'mlx.config.yaml': 'defaults: model\n' });
    expect(fail(() => resolveConfig({ cwd: dir, env: {} })).message).toContain("Invalid 'defaults' list");
  });
});
