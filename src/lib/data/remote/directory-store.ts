import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteStore } from './remote-store.js';

/** A remote in a directory (a mounted share, another disk): `<dir>/<aa>/<rest of sha256>`. */
export class DirectoryStore implements RemoteStore {
  constructor(readonly dir: string) {}

  get url(): string {
    return this.dir;
  }

  private object(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2));
  }

  async has(sha256: string): Promise<boolean> {
    return existsSync(this.object(sha256));
  }

  async put(sha256: string, file: string): Promise<void> {
    await copyAtomic(file, this.object(sha256));
  }

  async get(sha256: string, dest: string): Promise<void> {
    await copyAtomic(this.object(sha256), dest);
  }
}

/** Copies via a temporary name so a reader never sees half a file. */
export async function copyAtomic(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}
