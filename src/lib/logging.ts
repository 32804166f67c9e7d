import { EOL } from 'node:os';
import winston from 'winston';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'auto' | 'pretty' | 'json';
export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: LogLevel;
  /** `auto`: readable lines on a TTY, JSON lines otherwise. */
  format?: LogFormat;
  /** Also append JSON lines to this file. */
  file?: string | undefined;
  /** Whether stderr is a terminal (decides `auto`). */
  isTTY?: boolean;
  /** Silence everything but errors. */
  quiet?: boolean;
  /** Where log lines go (default: process.stderr, so stdout stays for results). */
  stream?: NodeJS.WritableStream;
}

/** A plain value of a structured line; `undefined` leaves the key out, as winston does. */
export type LineValue = string | number | boolean | null | undefined;

/** Writes one structured line at `level`, as `logger.log(level, message, values)` would. */
export type LineWriter<K extends string> = (
  level: LogLevel,
  message: string,
  values: Readonly<Record<K, LineValue>>,
) => void;

/** Where a JSON logger's lines go, for {@link lineWriter}: its destinations and a child logger's metadata. */
interface LineSink {
  write(line: string): void;
  meta: Readonly<Record<string, unknown>>;
}

// triple-beam's key of the formatted line, which a winston transport's log() writes.
const MESSAGE = Symbol.for('message');
const sinks = new WeakMap<Logger, LineSink>();

const pretty = winston.format.printf(({ level, message, timestamp, component, ...rest }) => {
  const extra = Object.entries(rest)
    .filter(([key]) => typeof key === 'string')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const where = component ? ` [${String(component)}]` : '';
  return `${String(timestamp).slice(11, 23)} ${level}${where} ${String(message)}${extra ? ` ${extra}` : ''}`;
});

/** Builds the process logger: everything goes to stderr so that stdout stays for results. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? 'auto';
  const usePretty = format === 'pretty' || (format === 'auto' && (options.isTTY ?? process.stderr.isTTY === true));
  const stream = options.stream ?? process.stderr;
  const transports: winston.transport[] = [
    new winston.transports.Stream({
      stream,
      format: usePretty ? winston.format.combine(winston.format.colorize(), pretty) : winston.format.json(),
    }),
  ];
  const file = options.file
    ? new winston.transports.File({ filename: options.file, format: winston.format.json() })
    : null;
  if (file) transports.push(file);
  const logger = winston.createLogger({
    level: options.quiet ? 'error' : (options.level ?? 'info'),
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true })),
    transports,
  });
  if (!usePretty) {
    const noop = () => {};
    const write = (line: string) => {
      stream.write(`${line}${EOL}`);
      file?.log?.({ [MESSAGE]: line } as unknown as winston.LogEntry, noop);
    };
    sinks.set(logger, { write, meta: {} });
    followChildren(logger);
  }
  return logger;
}

/** Child loggers of a JSON logger write through its sink too, with their metadata (`component`). */
function followChildren(logger: Logger): void {
  const child = logger.child;
  logger.child = function (this: Logger, meta: Record<string, unknown>) {
    const created = child.call(this, meta);
    const sink = sinks.get(this);
    if (sink) sinks.set(created, { write: sink.write, meta: { ...sink.meta, ...meta } });
    return created;
  };
}

/**
 * A writer of lines with the fields `names`, for lines at request rate (the access log): on a JSON logger
 * built by {@link createLogger} it writes the line winston would write (keys sorted, the timestamp, a child
 * logger's metadata) straight to the destinations, its layout worked out once here, skipping winston's
 * streams and formats (tens of microseconds and kilobytes of garbage a line at thousands of lines a
 * second); any other logger (pretty on a terminal, a test's own winston logger) is called as usual.
 */
export function lineWriter<K extends string>(logger: Logger, names: readonly K[]): LineWriter<K> {
  const sink = sinks.get(logger);
  if (!sink) return (level, message, values) => logger.log(level, message, values);
  // Each key once, in winston's order (sorted); a field overrides the metadata of the same name.
  const own = new Set<string>([...names, 'level', 'message', 'timestamp']);
  const meta = Object.entries(sink.meta).filter(([key, value]) => !own.has(key) && value !== undefined);
  const layout = [...own, ...meta.map(([key]) => key)].sort().map((key) => {
    const fixed = meta.find(([name]) => name === key);
    return { key: JSON.stringify(key), fixed: fixed ? JSON.stringify(fixed[1]) : undefined, name: key };
  });
  return (level, message, values) => {
    if (!logger.isLevelEnabled(level)) return;
    const timestamp = new Date().toISOString();
    let line = '';
    for (const { key, fixed, name } of layout) {
      let json = fixed;
      if (json === undefined) {
        const value =
          name === 'level'
            ? level
            : name === 'message'
              ? message
              : name === 'timestamp'
                ? timestamp
                : values[name as K];
        if (value === undefined) continue;
        json = JSON.stringify(value);
      }
      line += `${line ? ',' : '{'}${key}:${json}`;
    }
    sink.write(`${line}}`);
  };
}

/** A logger that drops everything (library defaults, tests). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console()] });
}
