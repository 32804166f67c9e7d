/** Mean absolute error. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return yTrue.length === 0 ? Number.NaN : sum / yTrue.length;
}
