import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScene } from '../../../scenes/load-scene.ts';
import type { ResolvedScene } from '../../../scenes/schema.ts';
import { namedPosture } from '../../../skills/arm/postures.ts';
import { rankGraspChoices } from '../../../skills/grasping/plan-grasp.ts';
import { summarizePlan } from '../../../skills/planning/plan-key.ts';
import { PICK_DISTANCES } from '../../../skills/planning/pick-motion.ts';
import { solvePickAndPlace } from '../../../skills/planning/pick-place-planner.ts';
import { SkillFailure } from '../../../src/skill/failure.ts';
import { simHarnessFor, type SimHarness } from '../e2e/sim-harness.ts';

// Issue 11: a plan must not depend on where the arms happen to be. The planner seeds IK from the arm's named
// `ready` posture and starts a mobile robot's pick from every arm `stow`ed, so the same pick-and-place plans the
// same with the arms held out in their start posture and folded in. Nor may it depend on the object settling by a
// hair: seed 1's 1 l juice carton in the demo's tote was planned at the sim's first step and refused a moment
// later, settled 1 mm lower and tipped by 1e-5 rad, because its +y and -y side grasps (mirror images, equal
// scores) swapped places, and only the first of them was among the four hold classes the planner tries.
const SCENE = '../test/fixtures/scenes/best-grasp-blocks-place.yaml';
const TARGET = 'aisle-a/level-1/slot-6';
/** The slot's heading (+x out of the shelf, which faces the robot's side of the aisle: yawDeg 180), rad. */
const SLOT_YAW_RAD = Math.PI;

/** The fixture with every arm starting in its named posture `name`. */
async function sceneWithArms(name: 'home' | 'stow'): Promise<{ h: SimHarness; scene: ResolvedScene }> {
  const scene = await loadScene(new URL(`../../../scenes/${SCENE}`, import.meta.url).pathname);
  // The robot is built once to read its postures, then again with the arms in them.
  const probe = await simHarnessFor(scene, 'picker', 1);
  const joints: Record<string, number> = {};
  for (const arm of probe.ctx.robot.parts.arms)
    arm.jointNames.forEach((joint, i) => (joints[joint] = namedPosture(probe.ctx.robot, arm, name)![i]!));
  probe.simulation.free();
  const robots = scene.robots.map((r) => ({
    ...r,
    initialJointPositions: { ...r.initialJointPositions, ...joints },
  }));
  const posed = { ...scene, robots };
  return { h: await simHarnessFor(posed, 'picker', 1), scene: posed };
}

describe('a pick-and-place plan does not depend on the arms start posture', () => {
  const harnesses: SimHarness[] = [];
  afterAll(() => harnesses.forEach((h) => h.simulation.free()));
  let held: SimHarness;
  let folded: SimHarness;
  beforeAll(async () => {
    held = (await sceneWithArms('home')).h;
    folded = (await sceneWithArms('stow')).h;
    harnesses.push(held, folded);
  }, 60_000);

  it('starts the two runs with the arms where they were put', () => {
    const right = (h: SimHarness) => h.ctx.robot.parts.arms.find((a) => a.name === 'right')!;
    const home = namedPosture(held.ctx.robot, right(held), 'home')!;
    const stow = namedPosture(folded.ctx.robot, right(folded), 'stow')!;
    right(held)
      .currentState()
      .positions.forEach((q, i) => expect(q).toBeCloseTo(home[i]!, 2));
    right(folded)
      .currentState()
      .positions.forEach((q, i) => expect(q).toBeCloseTo(stow[i]!, 2));
  });

  /** The plan's summary, or the refusal with every rejected alternative. */
  function outcome(h: SimHarness, effector: 'auto' | 'gripper' | 'suction'): unknown {
    try {
      return summarizePlan(solvePickAndPlace(h.ctx, { object: 'carton', target: TARGET, effector }));
    } catch (error) {
      if (!(error instanceof SkillFailure)) throw error;
      return { refused: error.message, detail: error.detail };
    }
  }

  // Four whole plans, two of them refusals that exhaust every chain: 55 s on a 2-core machine at load 13, so the
  // time limit is twice the suite's default.
  it('plans the same chain with the arms held out and folded in, for each effector', () => {
    // The gripper's plan holds the carton from the side; so does the plan with either effector, since the holds
    // from the top, which score best, lack the room under the board above and are tried last. The gripper's only
    // side hold that reaches stands the carton a quarter turn off the slot's heading, its narrow side to the aisle;
    // with either effector the suction cup on its wide face keeps it in line (half a turn, a wide face out).
    const gripper = outcome(held, 'gripper');
    expect(gripper).toMatchObject({ grasp: expect.stringMatching(/^gripper [-+]y face/) });
    expect(outcome(folded, 'gripper')).toEqual(gripper);
    const auto = outcome(held, 'auto');
    expect(auto).toMatchObject({ grasp: expect.stringMatching(/^suction [-+]x face/) });
    expect(Math.abs(Math.sin((auto as { placeHeadingRad: number }).placeHeadingRad - SLOT_YAW_RAD))).toBeLessThan(0.1);
    expect(outcome(folded, 'auto')).toEqual(auto);
  }, 120_000);
});

describe('grasps that score alike keep their order when the object settles by a hair', () => {
  let h: SimHarness;
  beforeAll(async () => {
    ({ h } = await sceneWithArms('stow'));
  }, 60_000);
  afterAll(() => h.simulation.free());

  it('ranks the carton the same tipped 1e-4 rad either way about its x axis', () => {
    const carton = h.ctx.world.object('carton')!;
    const tipped = (rad: number) => ({
      ...carton,
      poseInWorld: {
        position: carton.poseInWorld.position.clone(),
        quaternion: carton.poseInWorld.quaternion
          .clone()
          .multiply(new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), rad)),
      },
    });
    const order = (rad: number) =>
      rankGraspChoices(h.ctx, tipped(rad), {
        effector: 'auto',
        approachDistanceM: PICK_DISTANCES.approachDistanceM,
      }).ranked.map((c) => `${c.entry.arm.name} ${c.candidate.label}`);
    const one = order(1e-4);
    expect(one.some((label) => /\+y face/.test(label)) && one.some((label) => /-y face/.test(label))).toBe(true);
    expect(order(-1e-4)).toEqual(one);
  });
});
