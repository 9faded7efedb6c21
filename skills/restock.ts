import { z } from 'zod';
import { fallback } from '../src/graph/fallback.ts';
import { forEach } from '../src/graph/for-each.ts';
import { retry } from '../src/graph/retry.ts';
import { sequence } from '../src/graph/sequence.ts';
import { defineComposite } from '../src/skill/define-composite.ts';
import { SkillFailure, type FailureReason } from '../src/skill/failure.ts';
import type { SkillContext } from '../src/skill/context.ts';
import { armsFor } from './arm/effectors.ts';
import { basePose2D } from './arm/robot-frames.ts';
import { pickAndPlace } from './pick-and-place.ts';
import { planRestock, requirePlanogram } from './restock/gaps.ts';
import { scanShelves } from './restock/scan-shelves.ts';
import { skipFacing } from './restock/skip-facing.ts';
import { notingFailure } from './restock/set-aside.ts';
import { stockItemFor } from './restock/stock.ts';
import { releaseHeld } from './restock/release-held.ts';
import { freeHands } from './restock/put-back.ts';
import { putBackTried, stillHeld } from './restock/put-back-tried.ts';
import { handStuck } from './restock/hand-stuck.ts';
import { letGo } from './restock/let-go.ts';
import { untouched } from './restock/untouched.ts';
import { heldObjectIds, rememberTryStart, triedAlike } from './restock/untouched-tries.ts';
import type { KnownObject } from '../src/world/world-model.ts';
import { rememberPickOrigin } from './restock/memory.ts';
import { verifyFacing } from './restock/verify-facing.ts';
import { waitForWork } from './restock/wait-for-work.ts';
import { Vector3 } from 'three';
import { scanShelves as scan } from '../src/world/planogram-scan.ts';

/** Failures a second try with another stock item can cure; the rest (no stock, a bug, bad input) skip at once. */
export const RESTOCK_RETRY_REASONS: readonly FailureReason[] = [
  'no-grasp',
  'missed',
  'slipped',
  'collision',
  'unreachable',
  'no-path',
  'blocked',
  'timeout',
  'all-failed',
  'hardware-fault',
];

const stock = z.string().min(1).default('stock-tote');

/** Input of `restockItem`. */
export const RestockItemInput = z.strictObject({
  /** The facing's place name (`aisle-a/level-2/slot-3/facing-1`). */
  facing: z.string().min(1),
  /** The place stock is picked from. */
  stock,
});

/**
 * Restocks one empty facing with one item: first frees the hands of anything an earlier try left there (`freeHands`), then
 * chooses, when the node starts, the facing's product in stock nearest the robot, picks it with the hand whose
 * grasp works (its preferred effector first), places it into the facing and verifies it stands there (`verifyFacing` decides, also after a place
 * that failed once it had let go). Fails `precondition-failed` when the facing is no longer empty or nothing of its
 * product is in stock.
 */
export const restockItem = defineComposite({
  name: 'restockItem',
  description: 'pick the facing product from stock, place it into the facing, verify',
  input: RestockItemInput,
  build: (input) =>
    // Where a failed try began is noted for the facing: a facing that fails the same way skip after skip is set
    // aside (`skipFacing`), not tried for ever.
    notingFailure(
      input.facing,
      'restock-item',
      sequence(
        { name: 'try' },
        freeHands(input.stock),
        forEach(
          { name: 'stock-item' },
          (ctx) => [chooseStockItem(ctx, input.facing, input.stock)],
          (item) =>
            sequence(
              { name: item.sku },
              // A place that fails after letting go (off by a centimetre, tilted a few degrees) may still have left
              // the item standing in the facing: the facing check below, not the place's own, decides.
              fallback(
                { name: 'placed' },
                pickAndPlace({ object: item.id, target: input.facing, effector: item.hands[0] }),
                // The other hand, only when the first was refused before it touched the item: a thin box whose cup
                // faces look to the tote's walls is taken across its depth by the gripper. (The plan with one hand
                // ranks the item's preferred effector's grasps first and tries only a few ways to hold it.)
                ...item.hands
                  .slice(1)
                  .map((hand) =>
                    sequence(
                      { name: `with-${hand}` },
                      untouched({ object: item.id }),
                      pickAndPlace({ object: item.id, target: input.facing, effector: hand, fallbackToSuction: false }),
                    ),
                  ),
                letGo({ object: item.id, facing: input.facing }),
                // Still in the hand (the place refused, or failed before letting go): back into stock, or set down,
                // never kept; the item is then passed over for this facing until something near has moved.
                sequence(
                  { name: 'put-back' },
                  stillHeld({ object: item.id, facing: input.facing }),
                  freeHands(input.stock),
                  putBackTried({ object: item.id, facing: input.facing }),
                ),
              ),
              verifyFacing({ facing: input.facing, object: item.id }),
            ),
        ),
      ),
    ),
});

/** Input of `restockFacing`. */
export const RestockFacingInput = RestockItemInput.extend({
  /** Tries in all, each with a fresh stock item. */
  attempts: z.number().int().min(1).max(5).default(2),
  /** How long a facing given up is left alone, ms of sim time. */
  cooldownMs: z.number().nonnegative().default(600_000),
});

/**
 * Restocks one facing or gives it up with a reason: a `fallback` of `retry(restockItem)` (retrying only failures
 * another try can cure) and `skipFacing`. The failed tries stay in the tree and the trace with their reasons;
 * the node itself succeeds either way, so one bad facing never stops a restocking run.
 */
export const restockFacing = defineComposite({
  name: 'restockFacing',
  description: 'restock one facing (retrying with another stock item) or skip it for a while with the reason',
  input: RestockFacingInput,
  build: (input) =>
    fallback(
      { name: 'facing' },
      retry(
        {
          name: 'attempts',
          attempts: input.attempts,
          backoffMs: 1000,
          when: (f) => RESTOCK_RETRY_REASONS.includes(f.reason),
        },
        restockItem({ facing: input.facing, stock: input.stock }),
      ),
      skipFacing({ facing: input.facing, cooldownMs: input.cooldownMs }),
    ),
});

/** Input of `restock`. */
export const RestockInput = RestockFacingInput.omit({ facing: true });

/**
 * One restocking round: scan the shelves against the planogram (`scanShelves`), then restock every empty facing
 * whose product is in stock (`forEach` over the facings the scan found, each a `restockFacing`). The same graph as
 * `tasks/restock.yaml`. Needs a planogram registered beside the world model (`setPlanogram`).
 *
 * @example
 * runSkill(restock({ stock: 'stock-tote' }), ctx)
 */
export const restock = defineComposite({
  name: 'restock',
  description: 'scan the shelves against the planogram, then restock each empty facing from stock',
  input: RestockInput,
  build: (input) =>
    sequence(
      { name: 'restock' },
      scanShelves({ stock: input.stock }),
      forEach(
        { name: 'facings' },
        (ctx) => restockableFacings(ctx, input.stock),
        (facing) => restockFacing({ ...input, facing }),
      ),
    ),
});

/** The names of the facings to restock now, in planogram order: the `planogramGaps` item query of task files. */
export function restockableFacings(ctx: Pick<SkillContext, 'world' | 'scheduler'>, stockPlace: string): string[] {
  return planRestock(ctx.world, stockPlace, ctx.scheduler.now()).toRestock.map((f) => f.facing.name);
}

interface StockChoice {
  readonly id: string;
  readonly sku: string;
  /** The effectors to try, in turn, of those the robot has: the item's preferred one first, then the other. */
  readonly hands: readonly ('auto' | 'gripper' | 'suction')[];
}

function chooseStockItem(ctx: SkillContext, facingName: string, stockPlace: string): StockChoice {
  const planogram = requirePlanogram(ctx.world);
  const facing = planogram.facings.find((f) => f.name === facingName);
  if (!facing) throw new SkillFailure('invalid-input', `no facing '${facingName}' in planogram ${planogram.name}`);
  const [now] = scan(ctx.world.objects(), { ...planogram, facings: [facing] }).facings;
  if (now?.status !== 'empty') {
    throw new SkillFailure('precondition-failed', `${facingName} is no longer empty (${now?.status ?? 'unknown'})`);
  }
  const base = basePose2D(ctx.robot);
  const held = heldObjectIds(ctx.blackboard);
  // An item whose try for this facing was refused (untouched, or put back after its place failed), with nothing
  // around changed since, is refused alike again.
  const fresh = (o: KnownObject): boolean => !triedAlike(ctx.world, facing, o.id, held);
  const near = base ? new Vector3(base.x, base.y, 0) : undefined;
  const item = stockItemFor(ctx.world, stockPlace, facing.sku, near, fresh);
  if (!item) {
    const why = stockItemFor(ctx.world, stockPlace, facing.sku, near)
      ? `every ${facing.sku} in ${stockPlace} was tried for ${facingName} (refused untouched, or put back), and nothing near it or the facing has moved since`
      : `no ${facing.sku} left in ${stockPlace}`;
    throw new SkillFailure('precondition-failed', why);
  }
  rememberPickOrigin(ctx.world, item.id, item.poseInWorld);
  rememberTryStart(ctx.world, item.id, base);
  const hint = (item as { preferredEffector?: unknown }).preferredEffector;
  const preferred =
    hint === 'suction'
      ? (['suction', 'gripper'] as const)
      : hint === 'gripper'
        ? (['gripper', 'suction'] as const)
        : (['auto'] as const);
  // Only the kinds of hand the robot has: a robot with grippers alone takes a box the cup would with its gripper
  // at once, and its refusal, not a missing cup, is the reason the facing is skipped.
  const hands = preferred.filter((hand) => hand === 'auto' || armsFor(ctx.robot, hand).length > 0);
  return { id: item.id, sku: facing.sku, hands: hands.length > 0 ? hands : ['auto'] };
}

/** The restocking skills task files name (`tasks/restock.yaml`). */
export const RESTOCK_SKILLS = [
  scanShelves,
  restockItem,
  restockFacing,
  restock,
  skipFacing,
  verifyFacing,
  waitForWork,
  releaseHeld,
  letGo,
  untouched,
  stillHeld,
  putBackTried,
  handStuck,
];
