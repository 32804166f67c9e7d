/**
 * Where `mlx data push/pull` keep content-addressed files (key = sha256 of the content): a directory
 * (local path or file:// URL) or a bucket (s3://, gs://). A backend is one class with these methods
 * and one line in REMOTE_BACKENDS (open-remote.ts).
 */
export interface RemoteStore {
  /** Human-readable location, for messages. */
  readonly url: string;
  has(sha256: string): Promise<boolean>;
  /** Uploads a local file whose content hashes to `sha256`. */
  put(sha256: string, file: string): Promise<void>;
  /** Downloads the object to `dest` (the caller verifies the hash). */
  get(sha256: string, dest: string): Promise<void>;
  /** Every sha256 the remote holds, in one listing (saves a round trip per file); optional. */
  list?(): Promise<Set<string>>;
  /** Releases connections. */
  close?(): void;
}
