import { Quaternion, Vector3 } from 'three';
import { z } from 'zod';
import type { ResolvedObject, ResolvedScene } from '../../scenes/schema.ts';
import type { RandomSource } from '../../src/math/random.ts';

const Range = z.tuple([z.number().nonnegative(), z.number().nonnegative()]).refine(([lo, hi]) => lo <= hi, {
  message: 'range must be low:high',
});

/** How far an episode's start may differ from the scene file. */
export const ConditionRangesSchema = z.object({
  /** Position jitter of each pickable object on the table plane, uniform in ±jitterM per axis. */
  jitterM: z.number().nonnegative().default(0.02),
  /** Yaw jitter of each pickable object, uniform in ±jitterYawDeg. */
  jitterYawDeg: z.number().nonnegative().default(10),
  /** Multiplies every object's friction. */
  frictionFactor: Range.default([0.8, 1.2]),
});
export type ConditionRanges = z.infer<typeof ConditionRangesSchema>;

/** What one attempt drew, per object: written to the episode metadata so a start can be rebuilt and audited. */
export interface ObjectDraw {
  readonly id: string;
  readonly dxM: number;
  readonly dyM: number;
  readonly dyawRad: number;
  readonly friction: number;
}

/** One attempt's start: the jittered scene and what was drawn. */
export interface EpisodeConditions {
  readonly scene: ResolvedScene;
  readonly draws: readonly ObjectDraw[];
}

/** The tag that marks objects a task may move; only these are moved, so shelves and totes stay as built. */
export const JITTER_TAG = 'pickable';

/**
 * An episode's start: every object's friction scaled, pickable objects shifted and turned about the vertical,
 * all drawn from `random` (an attempt's own stream, so attempt 7 starts the same whether or not attempts 0-6 ran
 * in this process: what resuming relies on).
 */
export function drawConditions(scene: ResolvedScene, ranges: ConditionRanges, random: RandomSource): EpisodeConditions {
  const jitterYawRad = (ranges.jitterYawDeg * Math.PI) / 180;
  const draws: ObjectDraw[] = [];
  const objects = scene.objects.map((object): ResolvedObject => {
    const moves = object.tags.includes(JITTER_TAG);
    const draw: ObjectDraw = {
      id: object.id,
      dxM: moves ? random.uniform(-ranges.jitterM, ranges.jitterM) : 0,
      dyM: moves ? random.uniform(-ranges.jitterM, ranges.jitterM) : 0,
      dyawRad: moves ? random.uniform(-jitterYawRad, jitterYawRad) : 0,
      friction: object.friction * random.uniform(ranges.frictionFactor[0], ranges.frictionFactor[1]),
    };
    draws.push(draw);
    const turn = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), draw.dyawRad);
    return {
      ...object,
      friction: draw.friction,
      poseInWorld: {
        position: object.poseInWorld.position.clone().add(new Vector3(draw.dxM, draw.dyM, 0)),
        quaternion: turn.multiply(object.poseInWorld.quaternion),
      },
    };
  });
  return { scene: { ...scene, objects }, draws };
}
