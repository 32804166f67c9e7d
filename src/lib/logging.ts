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
  const transports: winston.transport[] = [
    new winston.transports.Stream({
      stream: options.stream ?? process.stderr,
      format: usePretty ? winston.format.combine(winston.format.colorize(), pretty) : winston.format.json(),
    }),
  ];
  if (options.file) {
    transports.push(new winston.transports.File({ filename: options.file, format: winston.format.json() }));
  }
  return winston.createLogger({
    level: options.quiet ? 'error' : (options.level ?? 'info'),
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true })),
    transports,
  });
}

/** A logger that drops everything (library defaults, tests). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console()] });
}
