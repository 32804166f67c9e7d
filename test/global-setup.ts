import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** e2e tests run the built binary: build once if there is no build yet (`npm test` builds first). */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  if (!existsSync(path.join(root, 'oclif.manifest.json'))) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  }
}
