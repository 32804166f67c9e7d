/** A one-line progress indicator for a TTY stream (stderr); a no-op elsewhere. */
export function ttyProgress(
  stream: NodeJS.WriteStream,
  label: string,
): ((done: number, total: number) => void) & { end(): void } {
  let last = -1;
  const update = (done: number, total: number) => {
    if (!stream.isTTY) return;
    const pct = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%`);
  };
  return Object.assign(update, {
    end() {
      if (stream.isTTY && last >= 0) stream.write('\r\x1b[K');
    },
  });
}
