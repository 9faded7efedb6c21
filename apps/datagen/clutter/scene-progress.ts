import { formatDuration, type TextSink } from '../progress.ts';

const BAR_WIDTH = 24;

/** A one-line progress bar for the scenes: scenes done, seconds per scene, grasps kept so far, ETA. */
export class SceneProgress {
  private readonly startMs = Date.now();
  private made = 0;
  private collisionFree = 0;
  private grasps = 0;

  /** `alreadyDone` scenes (resumed from disk) count toward the bar, not toward the speed. */
  constructor(
    private readonly sink: TextSink,
    private readonly total: number,
    private readonly alreadyDone: number,
  ) {
    this.sink.write(`\r${this.line()}`);
  }

  /** Adds one finished scene and redraws. */
  add(grasps: number, collisionFree: number): void {
    this.made++;
    this.grasps += grasps;
    this.collisionFree += collisionFree;
    this.sink.write(`\r${this.line()}`);
  }

  /** Ends the line. */
  finish(): void {
    this.sink.write('\n');
  }

  private line(): string {
    const done = this.alreadyDone + this.made;
    const seconds = (Date.now() - this.startMs) / 1000;
    const perScene = this.made > 0 ? seconds / this.made : undefined;
    const filled = Math.round((this.total === 0 ? 1 : done / this.total) * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const free = this.grasps > 0 ? `${((100 * this.collisionFree) / this.grasps).toFixed(1)}%` : '-';
    const eta = perScene === undefined ? '--:--' : formatDuration((this.total - done) * perScene);
    return `[${bar}] ${done}/${this.total} scenes  ${perScene === undefined ? '-' : perScene.toFixed(2)} s/scene  collision-free ${free}  ETA ${eta}`;
  }
}
