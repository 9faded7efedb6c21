import type { EpisodeWorld } from './episode-run.ts';

/** What a replay saw: the state at every frame, and the action the robot's wrappers recorded while replaying. */
export interface ReplayResult {
  readonly state: Float32Array;
  readonly action: Float32Array;
}

/**
 * Sends an episode's recorded actions to a fresh world at the recorded frames, as LeRobot's replay does: at frame
 * k every part whose slice of the action changed since frame k-1 gets that command, then the frame's state is
 * read. Nothing else drives the robot, so the states show how far the actions alone reproduce the episode.
 */
export async function replayEpisode(world: EpisodeWorld, actions: Float32Array, length: number): Promise<ReplayResult> {
  const { simulation, latch, stride, features } = world;
  const sim = simulation.sim;
  const widths = features.map((f) => f.actionNames.length);
  const actionWidth = widths.reduce((a, b) => a + b, 0);
  if (actions.length !== actionWidth * length)
    throw new Error(`replay: ${actions.length} action values for ${length} frames of ${actionWidth}`);
  const row = (k: number): Float32Array => actions.subarray(k * actionWidth, (k + 1) * actionWidth);
  const states: number[] = [];
  const recorded: number[] = [];
  const sample = (): void => {
    for (const f of features) states.push(...f.state());
    for (const f of features) recorded.push(...f.action());
  };
  let frame = 0;
  sample();
  const removeHook = sim.addPostStep(() => {
    if (sim.stepCount % stride !== 0 || frame >= length - 1) return;
    frame += 1;
    const previous = row(frame - 1);
    const next = row(frame);
    let offset = 0;
    features.forEach((f, i) => {
      const end = offset + widths[i]!;
      f.replay([...previous.subarray(offset, end)], [...next.subarray(offset, end)]);
      offset = end;
    });
    latch.flush();
    sample();
  });
  try {
    while (frame < length - 1) {
      for (let i = 0; i < stride * 30 && frame < length - 1; i++) sim.step();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    removeHook();
  }
  return { state: Float32Array.from(states), action: Float32Array.from(recorded) };
}
