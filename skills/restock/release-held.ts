import { EMPTY, concat, defer, ignoreElements, of, tap, throwError } from 'rxjs';
import { z } from 'zod';
import { defineSkill } from '../../src/skill/define-skill.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import { HELD, heldObject } from '../arm/held-objects.ts';
import { releaseGrip } from '../force/release-grip.ts';

/** Input of `releaseHeld`. */
export const ReleaseHeldInput = z.strictObject({
  /** The held object to let go of. */
  object: z.string().min(1),
});

/**
 * Lets go of a held object where the hand is: opens the gripper or vents the cup. The last resort when putting an
 * item back failed, so the hand is free for the next try; what falls is left for staff to tidy. Succeeds at once
 * when the object is not held. An opening that stalls (a finger on a tote wall) succeeds when the fingers are
 * already clear of the object, and fails `blocked` when they still hold it; it never waits on unanswered.
 */
export const releaseHeld = defineSkill({
  name: 'releaseHeld',
  description: 'let go of a held object where the hand is (the last resort to free the hand)',
  input: ReleaseHeldInput,
  ports: ({ object }) => ({ optionalInputs: [HELD.of(object).name], outputs: [HELD.of(object).name] }),
  run: ({ object }, ctx) =>
    defer(() => {
      const hold = heldObject(ctx.blackboard, object);
      if (!hold) return EMPTY;
      const arm = ctx.robot.parts.arms.find((a) => a.name === hold.armName);
      const effector = arm?.endEffector;
      if (effector === undefined) {
        return throwError(() => new SkillFailure('precondition-failed', `arm ${hold.armName} has no end effector`));
      }
      const released = of({ message: 'released', data: { object, arm: hold.armName } });
      if (effector.kind === 'suction-cup') {
        effector.setVacuum(false);
        ctx.blackboard.delete(HELD.of(object));
        return released;
      }
      let stalledAtM: number | undefined;
      return concat(
        releaseGrip(effector, undefined, hold.gripWidthM, 'open').pipe(
          tap((update) => {
            const at = update.data?.['stalledAtWidthM'];
            if (typeof at === 'number') stalledAtM = at;
          }),
          ignoreElements(),
        ),
        defer(() => {
          ctx.blackboard.delete(HELD.of(object));
          return stalledAtM === undefined
            ? released
            : of({ message: 'released', data: { object, arm: hold.armName, stalledAtWidthM: stalledAtM } });
        }),
      );
    }),
});
