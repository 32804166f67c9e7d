import { type ChildProcess, spawn } from 'node:child_process';

// Node's own SQLite in a child process: BEGIN IMMEDIATE takes the write lock until the timer commits.
const LOCK_HOLDER = `
const { DatabaseSync } = require('node:sqlite');
const [file, ms] = process.argv.slice(1);
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); }, Number(ms));
`;

export interface LockHolder {
  child: ChildProcess;
  released: Promise<void>;
}

/** Starts another process that takes the write lock of a SQLite file for `ms`; resolves once it holds it. */
export function holdSqliteLock(file: string, ms: number): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', LOCK_HOLDER, file, String(ms)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const released = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}: ${err}`))));
  });
  released.catch(() => {});
  child.stderr?.on('data', (c) => (err += String(c)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c) => {
      out += String(c);
      if (out.includes('locked')) resolve({ child, released });
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited ${code} before locking: ${err}`)));
  });
}
