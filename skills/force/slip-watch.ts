import { defer, merge, Observable, Subject, takeUntil, tap, type Subscription } from 'rxjs';
import { runChild } from '../../src/skill/run.ts';
import type { SkillContext } from '../../src/skill/context.ts';
import type { SkillProgress } from '../../src/skill/events.ts';
import { SkillFailure } from '../../src/skill/failure.ts';
import type { Skill } from '../../src/skill/skill.ts';
import { findArm } from '../../src/skill/find-arm.ts';
import { HELD, type HeldObject } from '../arm/held-objects.ts';

/** Settings of the slip watch. */
export interface SlipWatchOptions {
  /** The payload force may fall to this fraction of its value after the lift before it counts as a slip. */
  readonly payloadFraction: number;
  /** ... for this long (accelerations make short dips), ms. */
  readonly debounceMs: number;
  /** Pad gap change from the grasp that counts as a slip, m. */
  readonly widthChangeM: number;
}

export const SLIP_DEFAULTS: SlipWatchOptions = { payloadFraction: 0.4, debounceMs: 150, widthChangeM: 0.006 };

/** Below this payload the F/T cannot tell a held object from noise, so only the effector is watched, N. */
const MIN_WATCHED_PAYLOAD_N = 0.8;

/**
 * Never emits or completes while the hold is good; fails `slipped` when the payload force on the wrist drops
 * (sustained for `debounceMs`), the fingers close further than the grasp left them or stop detecting the object,
 * or the cup loses its seal.
 */
export function slipWatch$(
  ctx: SkillContext,
  hold: HeldObject,
  options: SlipWatchOptions = SLIP_DEFAULTS,
): Observable<never> {
  return new Observable<never>((subscriber) => {
    const arm = findArm(ctx.robot, hold.armName);
    if (!arm) {
      subscriber.error(new SkillFailure('precondition-failed', `slip watch: no arm '${hold.armName}'`));
      return;
    }
    const slipped = (message: string, detail: Record<string, unknown>): void => {
      subscriber.error(
        new SkillFailure('slipped', `'${hold.objectId}' ${message}`, {
          detail: { objectId: hold.objectId, ...detail },
        }),
      );
    };
    const watches: Subscription[] = [];
    const effector = arm.endEffector;
    if (effector?.kind === 'parallel-gripper') {
      watches.push(
        effector.objectDetected$.subscribe(
          (detected) => detected || slipped('left the fingers (object no longer detected)', {}),
        ),
      );
      if (hold.gripWidthM !== undefined) {
        const graspWidthM = hold.gripWidthM;
        watches.push(
          effector.width$.subscribe(({ widthM }) => {
            if (graspWidthM - widthM > options.widthChangeM)
              slipped(`slipped: pads closed ${((graspWidthM - widthM) * 1000).toFixed(1)} mm past the grasp`, {
                graspWidthM,
                widthM,
              });
          }),
        );
      }
    } else if (effector?.kind === 'suction-cup') {
      watches.push(effector.sealed$.subscribe((sealed) => sealed || slipped('fell off the cup (seal lost)', {})));
    }
    const sensor = arm.wristSensor;
    if (sensor && hold.payloadN >= MIN_WATCHED_PAYLOAD_N) {
      // A dip must last `debounceMs`: a timer, not the next reading, decides, since readings may be sparse.
      let pending: Subscription | undefined;
      let lastN = hold.payloadN;
      watches.push(
        sensor.wrench$.subscribe((w) => {
          lastN = Math.hypot(...w.forceN);
          if (lastN >= options.payloadFraction * hold.payloadN) {
            pending?.unsubscribe();
            pending = undefined;
            return;
          }
          pending ??= ctx.scheduler.schedule(() => {
            slipped(`slipped: payload force dropped ${hold.payloadN.toFixed(1)} N -> ${lastN.toFixed(1)} N`, {
              payloadN: lastN,
              expectedN: hold.payloadN,
            });
          }, options.debounceMs);
        }),
      );
      watches.push({ unsubscribe: () => pending?.unsubscribe() } as Subscription);
    }
    return () => watches.forEach((w) => w.unsubscribe());
  });
}

/**
 * Runs `child` while watching the hold on `objectId`: a slip fails the node with `slipped` and halts the child,
 * so a `fallback` or `retry` around it can re-grasp. With nothing held it just runs the child.
 *
 * @example
 * whileHolding('can-1', navigate({ goal: 'stand/aisle-a' }))
 */
export function whileHolding(objectId: string, child: Skill, options: SlipWatchOptions = SLIP_DEFAULTS): Skill {
  return {
    kind: 'whileHolding',
    name: `holding ${objectId}`,
    children: [child],
    params: { objectId },
    ports: { optionalInputs: [HELD.of(objectId).name] },
    start: (ctx) =>
      defer((): Observable<SkillProgress> => {
        const hold = ctx.blackboard
          .scoped('whileHolding', { optionalInputs: [HELD.of(objectId).name] })
          .get(HELD.of(objectId));
        if (!hold) return runChild(child, ctx, 0);
        const done$ = new Subject<void>();
        // The watch subscribes first, so a child that completes synchronously still ends it.
        return merge(
          slipWatch$(ctx, hold, options).pipe(takeUntil(done$)),
          runChild(child, ctx, 0).pipe(tap({ complete: () => done$.next() })),
        );
      }),
  };
}
