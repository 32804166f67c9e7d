import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename } from 'node:fs/promises';
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

  async list(): Promise<Set<string>> {
    if (!existsSync(this.dir)) return new Set();
    const found = new Set<string>();
    for (const sub of await readdir(this.dir, { withFileTypes: true })) {
      if (!sub.isDirectory() || sub.name.length !== 2) continue;
      for (const f of await readdir(path.join(this.dir, sub.name))) if (!f.endsWith('.tmp')) found.add(sub.name + f);
    }
    return found;
  }
}

/** Copies via a temporary name so a reader never sees half a file. */
export async function copyAtomic(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  // Unique per call: parallel transfers may copy the same content to the same place at once.
  const tmp = `${to}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}
