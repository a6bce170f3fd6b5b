/**
 * Latency distribution of the simulated service: log-normal, described by its mean and
 * shape `sigma`. Histograms, percentiles and per-request samples all derive from it, so
 * every exporter agrees with the ground truth.
 */

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normQuantile(q: number): number {
  if (q <= 0) return Number.NEGATIVE_INFINITY;
  if (q >= 1) return Number.POSITIVE_INFINITY;
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  const tail = (p: number) => {
    const r = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) /
      ((((d0 * r + d1) * r + d2) * r + d3) * r + 1)
    );
  };
  if (q < 0.02425) return tail(q);
  if (q > 1 - 0.02425) return -tail(1 - q);
  const x = q - 0.5;
  const r = x * x;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * x) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** `mu` of a log-normal with the given mean and sigma. */
export function lognormalMu(mean: number, sigma: number): number {
  return Math.log(Math.max(mean, 1e-9)) - (sigma * sigma) / 2;
}

/** Quantile `q` (0..1) of the log-normal with this mean and sigma. */
export function lognormalQuantile(mean: number, sigma: number, q: number): number {
  return Math.exp(lognormalMu(mean, sigma) + sigma * normQuantile(q));
}

/** Share of requests at or below `x` (same unit as `mean`). */
export function lognormalCdf(mean: number, sigma: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  return normCdf((Math.log(x) - lognormalMu(mean, sigma)) / sigma);
}

/** One random draw, given a standard normal sample `z`. */
export function lognormalSample(mean: number, sigma: number, z: number): number {
  return Math.exp(lognormalMu(mean, sigma) + sigma * z);
}

/** Expected maximum of `n` requests: the 1 - 1/(n+1) quantile. */
export function lognormalMax(mean: number, sigma: number, n: number): number {
  if (n <= 0) return 0;
  return lognormalQuantile(mean, sigma, 1 - 1 / (Math.round(n) + 1));
}
