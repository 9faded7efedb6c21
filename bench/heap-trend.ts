/**
 * The heap's trend over a soak: a least-squares line through (sim hours, heap MiB after GC) samples, kept as running
 * sums so the soak holds no history of its own. Its slope says how fast the heap grows per sim hour over the whole
 * run, not only between the first and last samples, so a soak of a few hours can tell whether a 24 h one would
 * meet its growth goal.
 *
 * @example
 * const trend = new HeapTrend();
 * trend.add(0.17, 38.9); trend.add(2.3, 40.9);
 * trend.slopeMiBPerHour; trend.growthBy(24);
 */
export class HeapTrend {
  private n = 0;
  private sumH = 0;
  private sumMiB = 0;
  private sumHH = 0;
  private sumHMiB = 0;
  private firstH = Number.NaN;

  /** One sample: the heap after GC, MiB, at `simHours`. */
  add(simHours: number, heapMiB: number): void {
    if (!Number.isFinite(simHours) || !Number.isFinite(heapMiB))
      throw new RangeError(`heap trend: sample (${simHours} h, ${heapMiB} MiB) is not finite`);
    if (this.n === 0) this.firstH = simHours;
    this.n++;
    this.sumH += simHours;
    this.sumMiB += heapMiB;
    this.sumHH += simHours * simHours;
    this.sumHMiB += simHours * heapMiB;
  }

  /** Samples taken. */
  get samples(): number {
    return this.n;
  }

  /** The fitted growth, MiB per sim hour; NaN with fewer than two samples at different hours. */
  get slopeMiBPerHour(): number {
    const spread = this.n * this.sumHH - this.sumH * this.sumH;
    if (this.n < 2 || !(spread > 0)) return Number.NaN;
    return (this.n * this.sumHMiB - this.sumH * this.sumMiB) / spread;
  }

  /** The fitted heap at `simHours`, MiB. */
  fittedMiB(simHours: number): number {
    const slope = this.slopeMiBPerHour;
    return (this.sumMiB - slope * this.sumH) / this.n + slope * simHours;
  }

  /** Growth the line projects from the first sample's hour to `simHours`, as a fraction of the fitted start. */
  growthBy(simHours: number): number {
    const start = this.fittedMiB(this.firstH);
    return (this.fittedMiB(simHours) - start) / start;
  }
}
