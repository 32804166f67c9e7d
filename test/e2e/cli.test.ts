import { describe, expect, it } from 'vitest';
import { repoRoot, runMlx } from '../helpers/cli.js';
import { makeProject } from '../helpers/project.js';

describe('mlx binary', () => {
  it('--version prints name, version and node', () => {
    const { code, stdout } = runMlx(['--version']);
    expect(code).toBe(0);
    // The package is mlx-tabular on npm; the command is mlx.
    expect(stdout).toMatch(/^mlx-tabular\/\d+\.\d+\.\d+ .* node-v24\./);
  });

  it('--help lists topics and commands', () => {
    const { code, stdout } = runMlx(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('USAGE');
    expect(stdout).toContain('config');
  });

  it('config show --help has examples and the global flags', () => {
    const { code, stdout } = runMlx(['config', 'show', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('EXAMPLES');
    expect(stdout).toContain('--set=<value>');
    expect(stdout).toContain('--json');
  });

  it('config show --set ... --json prints the resolved value on stdout', () => {
    const { code, stdout } = runMlx(['config', 'show', '--set', 'train.lr=0.5', '--json', '--sources']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.config.train.lr).toBe(0.5);
    expect(result.sources['train.lr']).toBe('--set train.lr=0.5');
    expect(result.sources['model.hidden']).toBe('configs/model/mlp.yaml');
    expect(result.root).toBe(repoRoot);
  });

  it('config show --sources prints a table that attributes each key', () => {
    const { code, stdout } = runMlx(['config', 'show', '--sources', '-s', 'seed=3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^seed\s+3\s+--set seed=3$/m);
    expect(stdout).toMatch(/^train\.optimizer\s+"adam"\s+default$/m);
  });

  it('an unknown key exits 2 with a message naming it, no stack trace', () => {
    const { code, stderr, stdout } = runMlx(['config', 'show', '--set', 'nope.key=1']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Error: Could not override 'nope.key': no such key in the config.");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a sweep without --multirun exits 2 and explains sweeps', () => {
    const { code, stderr } = runMlx(['config', 'show', '--set', 'train.lr=0.1,0.2']);
    expect(code).toBe(2);
    expect(stderr).toContain('add --multirun');
  });

  it('with --json an error is a JSON object on stdout', () => {
    const { code, stdout } = runMlx(['config', 'show', '--json', '--set', 'train.epochs=-1']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'MLX_CONFIG_INVALID', exitCode: 2 });
  });

  it('an unknown flag is a usage error (exit 2)', () => {
    const { code, stderr } = runMlx(['config', 'show', '--nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('Nonexistent flag: --nope');
  });

  it('environment layers apply: MLX_ENV file and MLX_ variables', () => {
    const { stdout } = runMlx(['config', 'show', '--json'], { env: { MLX_ENV: 'prod', MLX_SERVE__PORT: '9191' } });
    const { config } = JSON.parse(stdout);
    expect(config.serve).toMatchObject({ host: '0.0.0.0', port: 9191, model: 'penguins@production' });
  });

  it('--config picks another file and the project root follows it', () => {
    const dir = makeProject({ 'other.yaml': 'seed: 99\n' });
    const { code, stdout } = runMlx(['config', 'show', '--json', '--config', `${dir}/other.yaml`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ config: { seed: 99 }, root: dir });
  });
});
