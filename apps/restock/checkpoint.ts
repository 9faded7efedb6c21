import { Quaternion, Vector3 } from 'three';
import type { Observable } from 'rxjs';
import { SceneFileError } from '../../scenes/scene-error.ts';
import { coolDownFacing, coolDowns } from '../../skills/restock/memory.ts';
import { matrixToPose, type Pose } from '../../src/math/pose.ts';
import type { TelemetryEvent } from '../../src/skill/telemetry-events.ts';
import { writeCheckpoint } from './checkpoint-file.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, type CheckpointPose } from './checkpoint-schema.ts';
import { KpiTracker } from './kpis.ts';
import { heldItemIds, openStore, type StoreSession } from './store-session.ts';

/** How a run was started, as its checkpoint keeps it. */
export type RunOptions = Checkpoint['options'];

/** Sim minutes between checkpoints unless `--checkpoint-every` says otherwise. */
export const DEFAULT_CHECKPOINT_EVERY_MIN = 5;

/** The skill a continuous run idles in: while it runs the robot moves nothing and waits for an empty facing. */
const IDLE_SKILL = 'waitForWork';
/** The node of `tasks/restock.yaml` that restocks one facing (tries, then a skip): its end is between tries. */
const FACING_NODE = 'facing';

/** The robot holds nothing, by what the skills left on the blackboard. */
export function handsEmpty(store: StoreSession): boolean {
  return heldItemIds(store).size === 0;
}

/**
 * Everything needed to go on from now: call it only at a quiet moment (between restocks with the hands empty, or
 * after the run was stopped), since what the graph had in flight is not saved. Poses come from the bodies.
 */
export function captureCheckpoint(store: StoreSession, kpis: KpiTracker, options: RunOptions): Checkpoint {
  const { sim, objects } = store.simulation;
  const poses = store.services.objectTracking?.poses() ?? new Map<string, Pose>();
  const types = new Map(store.world.objects().map((o) => [o.id, o.type]));
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    options,
    sim: { stepCount: sim.stepCount, timeMs: sim.timeMs },
    robot: {
      id: store.robot.id,
      rootInWorld: savedPose(matrixToPose(store.robot.body.rootInWorld)),
      joints: { ...store.robot.body.joints },
    },
    objects: [...objects.keys()].flatMap((id) => {
      const pose = poses.get(id);
      const sku = types.get(id);
      return pose === undefined || sku === undefined ? [] : [{ id, sku, poseInWorld: savedPose(pose) }];
    }),
    itemCounter: store.itemCounter(),
    random: { shoppers: store.random.saveState() },
    coolingUntilMs: Object.fromEntries(coolDowns(store.world)),
    kpis: kpis.saveState(),
  };
}

/**
 * Opens the store as a checkpoint left it: the scene and planogram rebuilt from their files, the robot and every
 * item put where the checkpoint says (at rest), the clock, the shoppers' random stream and the facings cooling
 * down restored, and a KPI tracker that goes on counting. Throws a `SceneFileError` naming `file` when the
 * checkpoint does not fit the store it names (another robot, joints the robot lacks).
 */
export async function resumeStore(
  checkpoint: Checkpoint,
  file: string,
): Promise<{ readonly store: StoreSession; readonly kpis: KpiTracker }> {
  const { options, robot } = checkpoint;
  const store = await openStore({
    planogramPath: options.planogramPath,
    seed: options.seed,
    initialFill: options.fill,
    resumeFrom: {
      stepCount: checkpoint.sim.stepCount,
      items: checkpoint.objects.map((o) => ({ id: o.id, sku: o.sku, poseInWorld: loadedPose(o.poseInWorld) })),
      robot: { rootInWorld: loadedPose(robot.rootInWorld), joints: robot.joints },
      itemCounter: checkpoint.itemCounter,
      random: checkpoint.random.shoppers,
    },
  });
  const mismatch = (field: string, reason: string): never => {
    store.free();
    throw new SceneFileError(file, field, reason);
  };
  if (store.planogram.name !== options.planogramName)
    mismatch(
      'options.planogramName',
      `'${options.planogramName}', but ${options.planogramPath} is '${store.planogram.name}'`,
    );
  if (store.robot.id !== robot.id) mismatch('robot.id', `'${robot.id}', but the store's robot is '${store.robot.id}'`);
  const unknownJoint = Object.keys(robot.joints).find((name) => !(name in store.robot.body.joints));
  if (unknownJoint !== undefined) mismatch(`robot.joints.${unknownJoint}`, `robot '${robot.id}' has no such joint`);
  const facings = new Set(store.planogram.facings.map((f) => f.name));
  for (const [facing, untilMs] of Object.entries(checkpoint.coolingUntilMs)) {
    if (!facings.has(facing)) mismatch(`coolingUntilMs.${facing}`, `no such facing in ${store.planogram.name}`);
    coolDownFacing(store.world, facing, untilMs);
  }
  try {
    return { store, kpis: KpiTracker.from(checkpoint.kpis) };
  } catch (error) {
    return mismatch('kpis', (error as Error).message);
  }
}

/**
 * When a continuous run writes its checkpoint: at most every `everyMs` of sim time, at quiet moments only: while the
 * robot idles waiting for work, or as a facing's restock ends (between tries), with the hands empty (`quiet()`);
 * and `writeNow` after the run was stopped (Ctrl-C). A facing's end is seen in the telemetry as it happens (the
 * next facing starts at the same instant), so that check runs inside the event.
 */
export class CheckpointWriter {
  private readonly idleNodes = new Set<string>();
  private lastWrittenMs: number;
  /** Checkpoints written by this writer. */
  written = 0;

  constructor(
    private readonly path: string,
    private readonly everyMs: number,
    events$: Observable<TelemetryEvent>,
    private readonly capture: () => Checkpoint,
    private readonly nowMs: () => number,
    private readonly quiet: () => boolean,
  ) {
    this.lastWrittenMs = nowMs();
    events$.subscribe((event) => {
      if (event.kind === 'start') {
        if (event.name === IDLE_SKILL) this.idleNodes.add(event.nodeId);
      } else if (event.kind !== 'progress') {
        this.idleNodes.delete(event.nodeId);
        if (event.name === FACING_NODE && event.kind !== 'cancelled') this.writeIfDue();
      }
    });
  }

  /** Writes a checkpoint when one is due and the robot idles with its hands empty; returns whether it wrote. */
  maybeWrite(): boolean {
    return this.idleNodes.size > 0 && this.writeIfDue();
  }

  /** Writes a checkpoint now (the caller made sure the moment is quiet). */
  writeNow(): void {
    writeCheckpoint(this.path, this.capture());
    this.lastWrittenMs = this.nowMs();
    this.written++;
  }

  private writeIfDue(): boolean {
    if (this.nowMs() - this.lastWrittenMs < this.everyMs || !this.quiet()) return false;
    this.writeNow();
    return true;
  }
}

function savedPose({ position, quaternion }: Pose): CheckpointPose {
  return {
    positionM: [position.x, position.y, position.z],
    quaternion: [quaternion.x, quaternion.y, quaternion.z, quaternion.w],
  };
}

function loadedPose(pose: CheckpointPose): Pose {
  return { position: new Vector3(...pose.positionM), quaternion: new Quaternion(...pose.quaternion).normalize() };
}
