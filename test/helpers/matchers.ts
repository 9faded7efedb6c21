import { expect } from 'vitest';
import type { Pose } from '../../src/math/pose.ts';
import { poseError } from '../../src/math/pose.ts';

interface PoseTolerance {
  readonly posM: number;
  readonly rotRad: number;
}

interface EmbodyMatchers<R = unknown> {
  /** Position within `posM` metres and orientation within `rotRad` radians of `expected`. */
  toBeNearPose(expected: Pose, tolerance: PoseTolerance): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends EmbodyMatchers<T> {}
}

expect.extend({
  toBeNearPose(received: Pose, expected: Pose, tolerance: PoseTolerance) {
    const { positionM, rotationRad } = poseError(received, expected);
    const pass = positionM <= tolerance.posM && rotationRad <= tolerance.rotRad;
    return {
      pass,
      message: () =>
        `expected pose ${pass ? 'not ' : ''}within ${tolerance.posM} m / ${tolerance.rotRad} rad; ` +
        `off by ${positionM.toExponential(3)} m / ${rotationRad.toExponential(3)} rad`,
    };
  },
});
