import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { isBucketUrl } from '../data/remote/bucket-url.js';
import type { ModelRegistry } from './registry.js';

/** The registry document of one model and the revision it was read at (null = it does not exist yet). */
export interface RegistryRead {
  registry: ModelRegistry | null;
  revision: string | null;
}

/**
 * Where the model registry lives: a folder (`paths.models`) or a bucket prefix (`s3://B/P`, `gs://B/P`).
 * Layout, the same in both: `<name>/registry.json` (versions, aliases, alias history) and
 * `<name>/v<N>/` (the bundle of each version, immutable once published). registry.ts keeps the
 * semantics; a store only reads and writes, with compare-and-swap on registry.json.
 */
export interface RegistryStore {
  /** The folder or URL, for messages. */
  readonly location: string;
  /** Names of the models that have a registry.json. */
  names(): Promise<string[]>;
  read(name: string): Promise<RegistryRead>;
  /**
   * The registry as last seen without I/O on the request path: a folder reads it now (synchronously),
   * a bucket returns the copy of its latest read (null before any).
   */
  peek(name: string): ModelRegistry | null;
  /** Writes registry.json only if it is still at `revision` (null: only if absent); false = someone else wrote first. */
  write(name: string, registry: ModelRegistry, revision: string | null): Promise<boolean>;
  /**
   * Publishes a bundle as `<name>/v<version>/` (before the registry entry that points at it); false when
   * that version's folder is already taken (another training claimed the number first).
   */
  publishBundle(name: string, version: number, bundleDir: string): Promise<boolean>;
  /** A local folder with the version's bundle (a bucket: downloaded once to the cache, manifest verified). */
  bundleDir(name: string, version: number): Promise<string>;
}

const REGISTRY = 'registry.json';
const LOCK_STALE_MS = 30_000;

/** Directory of one version's bundle in a folder registry: `models/<name>/v<N>/`. */
export function folderVersionDir(modelsDir: string, name: string, version: number): string {
  return path.join(modelsDir, name, `v${version}`);
}

/** A registry in a folder; registry.json writes are serialised by a lock directory (mkdir is atomic). */
export class FolderRegistryStore implements RegistryStore {
  constructor(readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  private file(name: string): string {
    return path.join(this.dir, name, REGISTRY);
  }

  async names(): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(this.file(e.name)))
      .map((e) => e.name);
  }

  async read(name: string): Promise<RegistryRead> {
    const text = existsSync(this.file(name)) ? readFileSync(this.file(name), 'utf8') : null;
    return text === null
      ? { registry: null, revision: null }
      : { registry: JSON.parse(text) as ModelRegistry, revision: digest(text) };
  }

  peek(name: string): ModelRegistry | null {
    const file = this.file(name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ModelRegistry) : null;
  }

  async write(name: string, registry: ModelRegistry, revision: string | null): Promise<boolean> {
    mkdirSync(path.join(this.dir, name), { recursive: true });
    const lock = `${this.file(name)}.lock`;
    await acquire(lock);
    try {
      const current = (await this.read(name)).revision;
      if (current !== revision) return false;
      const tmp = `${this.file(name)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(registry, null, 2)}\n`);
      renameSync(tmp, this.file(name));
      return true;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }

  async publishBundle(name: string, version: number, bundleDir: string): Promise<boolean> {
    const target = folderVersionDir(this.dir, name, version);
    const tmp = `${target}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(bundleDir, tmp, { recursive: true });
    try {
      // rename onto an existing, non-empty folder fails: the first publisher of a number keeps it.
      if (existsSync(target)) return false;
      renameSync(tmp, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
      throw error;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  async bundleDir(name: string, version: number): Promise<string> {
    return folderVersionDir(this.dir, name, version);
  }
}

/** Takes a lock directory, waiting while another process holds it (a lock older than 30 s is stale). */
async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 20)));
    }
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What opening a registry needs: the project, and for a bucket the environment and a warning sink. */
export interface RegistryContext {
  root: string;
  config: Pick<MlxConfig, 'paths'>;
  env?: NodeJS.ProcessEnv;
  /** Told once when a bucket ignores conditional writes (concurrent writers could overwrite each other). */
  onWarning?: (message: string) => void;
}

/** The store at `location` (a folder relative to the root, or a bucket URL). */
export async function openRegistryAt(location: string, ctx: RegistryContext): Promise<RegistryStore> {
  if (!isBucketUrl(location)) return new FolderRegistryStore(projectPath(ctx.root, location));
  const { BucketRegistryStore } = await import('./bucket-registry-store.js');
  return BucketRegistryStore.open(location, {
    cacheDir: path.join(projectPath(ctx.root, ctx.config.paths.cache), 'registry'),
    ...(ctx.env ? { env: ctx.env } : {}),
    ...(ctx.onWarning ? { onWarning: ctx.onWarning } : {}),
  });
}

/** The project's registry: `paths.models`, a folder or a bucket URL. */
export function openRegistryStore(ctx: RegistryContext): Promise<RegistryStore> {
  return openRegistryAt(ctx.config.paths.models, ctx);
}
