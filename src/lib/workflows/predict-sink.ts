import { closeSync, existsSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { MlxError } from '../errors.js';
import { withFileErrors } from '../fs-errors.js';

/** Where `mlx predict` writes its output as it goes: a file (atomically), a stream, or memory. */
export interface PredictionSink {
  /**
   * Appends text or UTF-8 bytes (lines): copied into a reused 1 MiB buffer before it returns (the caller
   * may reuse its bytes), written out when the buffer is full.
   */
  push(chunk: string | Uint8Array): void;
  /** Writes out what is buffered (a stream: and waits for it to drain). */
  flush(): Promise<void>;
  /** Makes the output final (a file: renamed into place). */
  commit(): void;
  /** Drops what was written (a file: the temporary file is removed; a stream cannot take text back). */
  abort(): void;
  /** The text kept in memory, when there was neither a file nor a stream. */
  kept(): string | null;
}

/** A sink into a file, which can also take the bytes of another file (a part predicted by another thread). */
export interface FileSink extends PredictionSink {
  /** Appends the whole of `file` after what was written so far. */
  append(file: string): void;
}

const BUFFER = 1 << 20;

/** Fails before any work when `output` cannot be a file: a folder, or a file in a folder that does not exist. */
export function checkOutputPath(output: string): void {
  if (existsSync(output) && statSync(output).isDirectory())
    throw new MlxError('MLX_FILE_TYPE', `Cannot write ${output}: it is a folder, not a file.`, {
      hint: 'Pass a file name for --output, e.g. predictions.csv.',
    });
  const dir = path.dirname(output);
  if (!existsSync(dir))
    throw new MlxError('MLX_FILE_NOT_FOUND', `Cannot write ${output}: the folder ${dir} does not exist.`, {
      hint: 'Create the folder first, or write somewhere else.',
    });
  if (!statSync(dir).isDirectory())
    throw new MlxError('MLX_FILE_TYPE', `Cannot write ${output}: ${dir} is a file, not a folder.`, {
      hint: 'Write somewhere else.',
    });
}

/**
 * Text into bytes through one reused buffer: `out` gets each full buffer (and the rest on `drain`), so
 * formatting a chunk makes small strings only, never one the size of the chunk.
 */
function byteBuffer(out: (bytes: Buffer) => void): { push(chunk: string | Uint8Array): void; drain(): void } {
  let buffer = Buffer.allocUnsafe(BUFFER);
  let used = 0;
  const drain = () => {
    if (used > 0) out(buffer.subarray(0, used));
    used = 0;
  };
  return {
    push(chunk) {
      // At most 3 bytes per UTF-16 unit of text.
      const most = typeof chunk === 'string' ? chunk.length * 3 : chunk.length;
      if (used + most > buffer.length) {
        drain();
        if (most > buffer.length) buffer = Buffer.allocUnsafe(most);
      }
      if (typeof chunk === 'string') used += buffer.write(chunk, used);
      else {
        buffer.set(chunk, used);
        used += chunk.length;
      }
    },
    drain,
  };
}

/** Where {@link fileSink} writes `output` until it commits: next to it, named after it and this process. */
export function tempFile(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
}

/** A sink writing to a temporary file next to `output`, renamed over it on commit. */
export function fileSink(output: string): FileSink {
  const temp = tempFile(output);
  const fd = withFileErrors(output, () => openSync(temp, 'w'));
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const bytes = byteBuffer((chunk) => withFileErrors(output, () => writeSync(fd, chunk)));
  return {
    push: bytes.push,
    async flush() {
      bytes.drain();
    },
    commit() {
      bytes.drain();
      close();
      withFileErrors(output, () => renameSync(temp, output));
    },
    abort() {
      close();
      if (existsSync(temp)) unlinkSync(temp);
    },
    kept: () => null,
    append(file) {
      bytes.drain();
      const from = withFileErrors(file, () => openSync(file, 'r'));
      try {
        const block = Buffer.allocUnsafe(BUFFER);
        for (;;) {
          const read = readSync(from, block, 0, block.length, null);
          if (read === 0) break;
          const chunk = block.subarray(0, read);
          withFileErrors(output, () => writeSync(fd, chunk));
        }
      } finally {
        closeSync(from);
      }
    },
  };
}

/** A sink writing to a stream (stdout), waiting for it to drain so memory stays bounded. */
export function streamSink(stream: Writable): PredictionSink {
  let full = false;
  // The stream keeps a written buffer until it is sent: each gets its own copy.
  const bytes = byteBuffer((chunk) => {
    if (!stream.write(Buffer.from(chunk))) full = true;
  });
  return {
    push: bytes.push,
    async flush() {
      bytes.drain();
      if (full) await drained(stream);
      full = false;
    },
    commit() {
      bytes.drain();
    },
    abort() {},
    kept: () => null,
  };
}

/** A sink that keeps the text (library callers without a file or a stream; `--json`). */
export function memorySink(): PredictionSink {
  const parts: string[] = [];
  return {
    push(chunk) {
      parts.push(
        typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('utf8'),
      );
    },
    async flush() {},
    commit() {},
    abort() {},
    kept: () => parts.join(''),
  };
}

/** Resolves when a stream drains (or closes); rejects when it fails (a closed pipe). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      if (error instanceof Error) reject(error);
      else resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
