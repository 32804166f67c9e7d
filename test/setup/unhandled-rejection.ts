// Issue 16: no unhandled promise rejection anywhere. Every test file runs with this handler: a rejection
// nobody handled fails the test during which it surfaced (or the file, if it surfaces after the last test).
import { afterAll, afterEach, expect } from 'vitest';

const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => {
  rejections.push(reason);
});

function check(): void {
  const found = rejections.splice(0).map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : String(r)));
  expect(found, 'unhandled promise rejections').toEqual([]);
}

afterEach(check);
afterAll(async () => {
  // Rejections are reported after the microtask queue drains: give the last ones a turn to surface.
  await new Promise((resolve) => setImmediate(resolve));
  check();
});
