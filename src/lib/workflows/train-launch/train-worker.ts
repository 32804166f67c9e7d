// Entry file of one training worker process (`mlx train --multirun --jobs N`): it is run by the local
// launcher with child_process.fork, never imported. It trains the members the parent sends, one at a time,
// forwards their log lines over IPC, and answers each with the result or the error.
import { Writable } from 'node:stream';
import winston from 'winston';
import { isMlxError } from '../../errors.js';
import { trainModel } from '../train-run.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const send = (message: FromWorker) => process.send?.(message);

/** Forwards every log entry (an object-mode stream gets the entries themselves) to the parent's logger. */
const toParent = new Writable({
  objectMode: true,
  write(info: Record<string, unknown>, _encoding, done) {
    const { level, message, timestamp: _t, ...meta } = info;
    send({ type: 'log', level: String(level), message: String(message), meta });
    done();
  },
});

const controller = new AbortController();
// One member at a time, as many as the parent sends: the process (Node, tfjs, the backend) starts once.
process.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    controller.abort(message.reason);
    return;
  }
  const logger = winston.createLogger({
    level: 'debug',
    transports: [new winston.transports.Stream({ stream: toParent })],
  });
  trainModel({
    root: message.root,
    config: message.config,
    logger,
    signal: controller.signal,
    register: message.register,
    force: message.force,
  })
    .then((result) => send({ type: 'done', result }))
    .catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      send({
        type: 'failed',
        error: {
          name: e.name,
          message: e.message,
          code: isMlxError(e) ? e.code : null,
          hint: isMlxError(e) ? (e.hint ?? null) : null,
          stack: e.stack ?? null,
        },
      });
    })
    .finally(() => logger.close());
});
// The parent disconnects when the sweep is over: log files get 2 s to flush, and a handle left open
// (a backend's thread pool) must not keep the worker alive.
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 2000).unref();
});
// The parent's Ctrl-C reaches the whole process group: the abort message decides, not the signal.
process.on('SIGINT', () => {});
