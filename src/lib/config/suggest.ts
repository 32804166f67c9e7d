/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** Up to `max` candidates close to `input` (by whole path or by last segment). */
export function suggest(input: string, candidates: readonly string[], max = 3): string[] {
  const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
  const scored = candidates
    .map((candidate) => {
      const whole = editDistance(input, candidate);
      const tail = editDistance(last(input), last(candidate)) + (candidate.endsWith(input) ? 0 : 1);
      return { candidate, score: Math.min(whole, tail) };
    })
    .filter(({ candidate, score }) => score <= Math.max(2, Math.floor(last(candidate).length / 3)))
    .sort((x, y) => x.score - y.score || x.candidate.length - y.candidate.length);
  return [...new Set(scored.map((s) => s.candidate))].slice(0, max);
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const found = suggest(input, candidates);
  return found.length ? ` Did you mean ${found.map((f) => `'${f}'`).join(' or ')}?` : '';
}
