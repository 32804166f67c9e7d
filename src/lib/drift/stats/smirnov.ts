/**
 * One-sided KS survival function P(D+_n ≥ x) (scipy.special.smirnov), by the Birnbaum–Tingey sum
 * evaluated in log space with an incrementally updated binomial coefficient.
 */
const MINLOG = -708.3964185322641;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxfl = Math.floor(nx);
  const alpha = nx - nxfl;
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return (1 - x) ** n;
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // Terms v = 0 .. floor(n(1 − x)) (the last excluded when n(1 − x) is an integer).
  let last = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) last -= 1;
  // log C(n, v), summed with compensation: hundreds of thousands of terms for large n.
  let logC = 0;
  let logCComp = 0;
  let sum = 0;
  let prev = 0;
  for (let v = 0; v <= last; v++) {
    if (v > 0) {
      const step = Math.log((n - v + 1) / v);
      const t = logC + step;
      logCComp += Math.abs(logC) >= Math.abs(step) ? logC - t + step : step - t + logC;
      logC = t;
    }
    const base = (n - v) / n - x;
    const top = x + v / n;
    const logTerm = logC + logCComp + (n - v) * Math.log(base) + (v - 1) * Math.log(top);
    const term = Math.exp(logTerm);
    sum += term;
    if (v > 0 && term < prev && term < sum * 1e-18) break;
    prev = term;
  }
  return Math.min(Math.max(x * sum, 0), 1);
}
