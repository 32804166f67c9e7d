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

/**
 * Up to `max` candidates closest to `input`: by whole dotted path first; failing that, paths whose
 * last segment is close (so `lr` finds `train.lr`). Only the best-scoring ties are returned.
 */
export function suggest(input: string, candidates: readonly string[], max = 3): string[] {
  const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
  const best = (scored: { candidate: string; score: number }[]) => {
    const min = Math.min(...scored.map((s) => s.score));
    return [...new Set(scored.filter((s) => s.score === min).map((s) => s.candidate))].sort().slice(0, max);
  };
  const whole = candidates
    .map((candidate) => ({ candidate, score: editDistance(input, candidate) }))
    .filter(({ score }) => score <= Math.max(2, Math.floor(input.length / 4)));
  if (whole.length) return best(whole);
  const tail = candidates
    .map((candidate) => ({ candidate, score: editDistance(last(input), last(candidate)) }))
    .filter(({ candidate, score }) => score <= Math.min(2, Math.floor(last(candidate).length / 3)));
  return tail.length ? best(tail) : [];
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const found = suggest(input, candidates);
  return found.length ? ` Did you mean ${found.map((f) => `'${f}'`).join(' or ')}?` : '';
}
