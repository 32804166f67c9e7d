import { type ErrorCode, MlxError } from './errors.js';

/** Operating-system failures on a user's path: the environment's fault, never a bug (exit 2). */
const REASONS: Record<string, [ErrorCode, string]> = {
  ENOENT: ['MLX_FILE_NOT_FOUND', 'no such file or folder'],
  EACCES: ['MLX_FILE_ACCESS', 'permission denied'],
  EPERM: ['MLX_FILE_ACCESS', 'operation not permitted'],
  EROFS: ['MLX_FILE_ACCESS', 'the file system is read-only'],
  EISDIR: ['MLX_FILE_TYPE', 'it is a folder, not a file'],
  ENOTDIR: ['MLX_FILE_TYPE', 'a part of the path is not a folder'],
  EEXIST: ['MLX_FILE_TYPE', 'it already exists'],
  ENOTEMPTY: ['MLX_FILE_TYPE', 'the folder is not empty'],
  ENOSPC: ['MLX_FILE_SPACE', 'no space left on the device'],
  EDQUOT: ['MLX_FILE_SPACE', 'the disk quota is exceeded'],
  EFBIG: ['MLX_FILE_SPACE', 'the file is too large'],
  EMFILE: ['MLX_FILE_SYSTEM', 'too many open files'],
  ENFILE: ['MLX_FILE_SYSTEM', 'too many open files in the system'],
  ELOOP: ['MLX_FILE_SYSTEM', 'too many symbolic links'],
  ENAMETOOLONG: ['MLX_FILE_SYSTEM', 'the name is too long'],
  EBUSY: ['MLX_FILE_SYSTEM', 'the file is busy'],
  EIO: ['MLX_FILE_SYSTEM', 'an input/output error'],
};

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'move a file to',
  scandir: 'list',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  copyfile: 'copy to',
  cp: 'copy to',
  stat: 'access',
  lstat: 'access',
  access: 'access',
  mkdtemp: 'create a temporary folder in',
};

/** Whether a thrown value is a Node.js file-system error with a code we explain. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && Object.hasOwn(REASONS, code);
}

/**
 * A file-system error as an MlxError that names the path and says what went wrong in a plain sentence
 * (exit 2), or null when the error is not one. `file` is used when the error carries no path.
 */
export function fileError(error: unknown, file?: string): MlxError | null {
  if (!isSystemError(error)) return null;
  const [code, generic] = REASONS[error.code as string] as [ErrorCode, string];
  // mkdir over a file: "it already exists" would puzzle; say what is in the way.
  const reason = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'a file is in the way of that folder' : generic;
  const target = (error as { dest?: string }).dest ?? error.path ?? file;
  const verb = VERBS[error.syscall ?? ''] ?? 'use';
  const where = target ? ` ${target}` : '';
  return new MlxError(code, `Cannot ${verb}${where}: ${reason} (${error.code}).`, {
    cause: error,
    details: { errno: error.code, syscall: error.syscall ?? null, path: target ?? null },
  });
}

/** Runs `fn`; a file-system error it throws becomes {@link fileError} (naming `file` when it has no path). */
export function withFileErrors<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw fileError(error, file) ?? error;
  }
}
