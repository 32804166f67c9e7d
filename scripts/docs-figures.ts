#!/usr/bin/env node
// `npm run docs:figures`: the report's screenshots, made from real runs of the built binary on the
// shipped example, in a temporary copy of the project (nothing is written into the repository except
// the PNGs in reports/figures/). Every figure is a page that mlx itself wrote (evaluation and drift
// reports), a folder that it filled (data remote, model registry) or the coverage report of the tests,
// rendered offline by Debian's chromium. Run `npm run build` first (and `npm test` for the coverage figure).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMlxServe } from './docs-openapi.js';
import { screenshotPage } from './docs-screenshot.js';
import { runIfMain } from './run-main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the built binary in a project; returns parsed `--json` output. Exit codes other than `ok` throw. */
export function mlx(project: string, args: readonly string[], ok: readonly number[] = [0]): unknown {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'run.js'), ...args, '--json', '--quiet'], {
    cwd: project,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!ok.includes(result.status ?? -1)) {
    throw new Error(`mlx ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
}

/** Runs a command and returns its stdout as a person sees it (for text figures). */
export function commandText(project: string, command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', env: { ...process.env, COLUMNS: '120' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** A fresh copy of the shipped example project (config, config groups, raw data). */
export function copyExampleProject(): string {
  const project = mkdtempSync(path.join(os.tmpdir(), 'mlx-figures-'));
  cpSync(path.join(root, 'mlx.config.yaml'), path.join(project, 'mlx.config.yaml'));
  cpSync(path.join(root, 'configs'), path.join(project, 'configs'), { recursive: true });
  mkdirSync(path.join(project, 'data'));
  cpSync(path.join(root, 'data', 'raw'), path.join(project, 'data', 'raw'), { recursive: true });
  return project;
}

async function main(): Promise<number> {
  const out = path.join(root, 'reports', 'figures');
  const project = copyExampleProject();
  const shot = async (page: string, name: string, width = 1200, height = 1000) => {
    await screenshotPage(page, path.join(out, name), { width, height });
    console.log(`reports/figures/${name}  <- ${page.replace(project, '<project>')}`);
  };
  try {
    // Train twice (v1 default, v2 a lower learning rate) and promote v1: a registry with history.
    const pipeline = mlx(project, ['pipeline']) as { reportFile: string };
    mlx(project, ['train', '--set', 'train.lr=0.003']);
    mlx(project, ['models', 'promote', 'penguins@1', '--alias', 'production']);
    await shot(pipeline.reportFile, 'evaluate-report.png');
    const textShot = async (name: string, shown: string, text: string, width: number, height: number) => {
      const file = path.join(project, `${name}.txt`);
      writeFileSync(file, `$ ${shown}\n${text}`);
      await shot(file, `${name}.png`, width, height);
    };
    const bin = [path.join(root, 'bin', 'run.js')];
    await textShot(
      'models-list',
      'mlx models list',
      commandText(project, process.execPath, [...bin, 'models', 'list']),
      900,
      150,
    );

    // Version the data in a content-addressed remote (a folder standing in for a bucket).
    mlx(project, ['data', 'push', '--set', `data.remote=${path.join(project, 'remote')}`]);
    await shot(path.join(project, 'remote'), 'data-remote.png', 900, 380);
    // What those objects are: the deps/outs part of data.lock (path, sha256, size, rows), verbatim.
    const lock = readFileSync(path.join(project, 'data.lock'), 'utf8');
    const excerpt = lock.slice(lock.indexOf('\ndeps:') + 1, lock.indexOf('\nrows:'));
    writeFileSync(path.join(project, 'data.lock.excerpt.txt'), `# data.lock (deps and outs)\n${excerpt}`);
    await shot(path.join(project, 'data.lock.excerpt.txt'), 'data-lock.png', 900, 560);

    // Serve production, replay shifted traffic into the prediction store, then check drift.
    const server = await startMlxServe(['--model', 'penguins@production'], project);
    try {
      mlx(project, ['simulate', '--url', server.url, '-n', '300', '--seed', '7']);
      mlx(project, [
        'simulate',
        ...['--url', server.url, '-n', '300', '--seed', '8'],
        ...['--scale', 'flipper_length_mm=1.12', '--add', 'body_mass_g=600', '--category', 'island=Dream:0.6'],
      ]);
    } finally {
      await server.stop();
    }
    mlx(project, ['drift', '--model', 'penguins@production', '--fail-on-drift'], [0, 5]);
    await shot(path.join(project, 'reports', 'drift', 'latest.html'), 'drift-report.png', 1200, 1100);

    const docker = spawnSync('docker', ['image', 'ls', '--filter', 'reference=mlx*'], { encoding: 'utf8' });
    if (docker.status === 0 && docker.stdout.trim().split('\n').length > 1) {
      await textShot('docker-images', "docker image ls --filter 'reference=mlx*'", docker.stdout, 900, 220);
    } else console.log('no local mlx* Docker images: skipped docker-images.png');

    const coverage = path.join(root, 'coverage', 'index.html');
    if (existsSync(coverage)) await shot(coverage, 'coverage.png', 1200, 900);
    else console.log('coverage/index.html not found: run `npm test` for the coverage figure');
    return 0;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'docs:figures', main);
