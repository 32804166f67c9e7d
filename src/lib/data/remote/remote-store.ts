/**
 * Where `mlx data push/pull` keep content-addressed files (key = sha256 of the content).
 * A directory (local path or file:// URL) is the first backend; an object store (GCS, S3) is one
 * more class with the same three methods.
 */
export interface RemoteStore {
  /** Human-readable location, for messages. */
  readonly url: string;
  has(sha256: string): Promise<boolean>;
  /** Uploads a local file whose content hashes to `sha256`. */
  put(sha256: string, file: string): Promise<void>;
  /** Downloads the object to `dest` (the caller verifies the hash). */
  get(sha256: string, dest: string): Promise<void>;
}
