import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs `main(argv)` when the calling module is the script node was started with (not when a test
 * imports it), sets the exit code it returns, and prints a thrown error as one line.
 */
export function runIfMain(moduleUrl: string, name: string, main: (argv: string[]) => number | Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(path.resolve(process.argv[1])).href) return;
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
}
