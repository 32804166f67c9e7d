import postgres from 'postgres';
import { ConfigError } from '../../errors.js';

/** A postgres.js client (the pure-JS driver, pinned in package.json). */
export type Sql = postgres.Sql;

type SslMode = postgres.Options<Record<string, postgres.PostgresType>>['ssl'];

interface Connection {
  host: string | undefined;
  port: number | undefined;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  ssl: SslMode;
}

function sslMode(mode: string | undefined): SslMode {
  switch (mode) {
    case undefined:
    case '':
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
    case 'verify-full':
      return mode;
    case 'verify-ca':
      return 'verify-full';
    default:
      return 'require';
  }
}

/**
 * Connection settings as libpq/psql read them: the URL (`postgres://user:pass@host:port/db?sslmode=...`, a
 * socket folder as `?host=/cloudsql/...`) first, then the standard PG* variables for what it leaves out.
 */
export function connectionSettings(url: string, env: NodeJS.ProcessEnv): Connection {
  const u = url ? parseUrl(url) : null;
  const param = (name: string) => u?.searchParams.get(name) ?? undefined;
  const part = (value: string | undefined) => (value ? decodeURIComponent(value) : undefined);
  const port = u?.port || env.PGPORT;
  return {
    host: param('host') ?? (part(u?.hostname) || env.PGHOST),
    port: port ? Number(port) : undefined,
    database: part(u?.pathname.slice(1)) || env.PGDATABASE,
    user: part(u?.username) || env.PGUSER || env.PGUSERNAME,
    password: part(u?.password) || env.PGPASSWORD,
    ssl: sslMode(param('sslmode') ?? env.PGSSLMODE),
  };
}

const NO_HOST = '__mlx_no_host__';

/** Parses a libpq URL; an empty host (`postgres://user@/db?host=/socket/dir`) is allowed, as libpq allows it. */
function parseUrl(url: string): URL {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('serve.store_url must start with postgres:// or postgresql://', {
      hint: 'For example postgres://mlx@10.0.0.5:5432/mlx?sslmode=require, or leave it null and set the PG* variables.',
    });
  }
  try {
    const u = new URL(url.replace(/^(postgres(?:ql)?:\/\/(?:[^/?#@]*@)?)(?=[/?#]|$)/, `$1${NO_HOST}`));
    if (u.hostname === NO_HOST) u.hostname = '';
    return u;
  } catch {
    // The URL may hold a password: never repeat it.
    throw new ConfigError('serve.store_url is not a valid PostgreSQL URL', {
      hint: 'Use postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode special characters in the password).',
    });
  }
}

/** The location for logs and errors: the URL without its password (or the PG* host and database). */
export function describePostgres(url: string, env: NodeJS.ProcessEnv): string {
  const c = connectionSettings(url, env);
  const user = c.user ? `${c.user}${c.password ? ':***' : ''}@` : '';
  return `postgres://${user}${c.host ?? 'localhost'}${c.port ? `:${c.port}` : ''}/${c.database ?? ''}`;
}

/** A client pool; `params` are connection parameters (e.g. synchronous_commit) set for its session. */
export function connect(url: string, env: NodeJS.ProcessEnv, max: number, params: Record<string, string> = {}): Sql {
  const c = connectionSettings(url, env);
  return postgres({
    ...(c.host === undefined ? {} : { host: c.host }),
    ...(c.port === undefined ? {} : { port: c.port }),
    ...(c.database === undefined ? {} : { database: c.database }),
    ...(c.user === undefined ? {} : { user: c.user }),
    ...(c.password === undefined ? {} : { password: c.password }),
    ssl: c.ssl,
    max,
    connect_timeout: 10,
    idle_timeout: 60,
    // The library never writes to the console: notices ("relation already exists") are dropped.
    onnotice: () => {},
    connection: { application_name: 'mlx', ...params },
  });
}
