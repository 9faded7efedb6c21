import { TRIAL_PROTOCOL } from '../../sim/grasp-trial/protocol.ts';
import { totalSteps, trialSchedule } from '../../sim/grasp-trial/schedule.ts';
import { TRIAL_FINGER_JOINTS } from '../../sim/grasp-trial/trial-world.ts';
import type { JawJoints } from '../../sim/effectors/jaw-joints.ts';
import { SOLVER } from '../../sim/solver-config.ts';
import { HDF5_COLUMNS, PARQUET_COLUMNS } from './dataset-schema.ts';
import { gripperDescription } from './gripper-description.ts';
import type { ObjectPlan, PlanSettings } from './object-plan.ts';

/** How the trials are judged, in words built from the protocol's constants. */
export function successRule(settings: PlanSettings): string {
  const p = TRIAL_PROTOCOL;
  const holds =
    settings.effector.kind === 'parallel'
      ? 'both pads push on the object at the end of closing'
      : 'the cup has sealed by the end of closing';
  return (
    `success: ${holds}, and at every check after it (every ${p.checkEverySteps} steps and at the end of the lift ` +
    `and of the shake) the grasped point has moved at most ${p.heldSlipM * 100} cm relative to the pads' midpoint ` +
    `(the cup face), the palm has not carried the load (else palm_contact: its normal force on the object above ` +
    `${p.palmLoadShare * 100} % of the weight's part pressing the object into the palm, m·g along the gripper's −z, at ` +
    `every one of the last ${p.checkEverySteps} steps; a palm the object only grazes does not fail it) and a pad still ` +
    `pushes (the cup is still sealed); at the end of the lift and of the shake both pads must push. The first failed ` +
    `check names the failure (slipped_during_lift up to the end of the hold, slipped_during_shake after).`
  );
}

/** How each choice of finger joints is described in meta/info.json. */
const FINGER_JOINTS_NOTES: Readonly<Record<JawJoints, string>> = {
  linkage: "the robot's gripper joints: each finger on a servo joint and a linkage-spring joint",
  'lean-linkage':
    "the robot's servo and linkage law as two motors: each finger on a prismatic servo joint, the linkage spring on a motor-only joint along the same axis",
  prismatic: "each finger on one prismatic joint of the hand carrying the robot's servo and linkage law as one motor",
  single: "rotation-locked fingers on one joint each, carrying the robot's servo and linkage law as one motor",
  locked:
    "each trial turned into the gripper's frame (gravity, lift and shake turned with it), fingers locked to their axis on their bodies, one motor-only joint each with the robot's servo and linkage law",
};

/** The `physics` section of meta/info.json: the engine, the one solver configuration and the protocol. */
export function physicsInfo(settings: PlanSettings): Record<string, unknown> {
  const schedule = trialSchedule(settings.schedule);
  return {
    engine:
      settings.engine === 'simd'
        ? "@dimforge/rapier3d-simd-compat 0.20 (SIMD: labels depend on the CPU's float rounding)"
        : '@dimforge/rapier3d-deterministic-compat 0.21 (bit-equal labels on every machine)',
    solver: SOLVER,
    solverNote: "the robot's own world (SimWorld) runs the same solver configuration",
    fingerJoints: settings.fingerJoints ?? TRIAL_FINGER_JOINTS,
    fingerJointsNote: FINGER_JOINTS_NOTES[settings.fingerJoints ?? TRIAL_FINGER_JOINTS],
    schedule: { name: settings.schedule, ...schedule, totalSteps: totalSteps(schedule) },
    protocol: TRIAL_PROTOCOL,
    approach: `collision_at_approach: the open effector at the grasp pose, or backed off along its approach, overlaps the object by more than ${TRIAL_PROTOCOL.approachToleranceM * 1000} mm (exact separating-axis test; cylinders as a circumscribed 64-sided prism)`,
    closing:
      'the object is weightless while the gripper closes; gravity (−z in the world) acts from the end of closing',
    success: successRule(settings),
  };
}

/** One object's entry in meta/info.json: files, scale, mass properties and the physics shape. */
export function objectInfo(plan: ObjectPlan, paths: { h5: string; mesh: string }): Record<string, unknown> {
  const { object } = plan;
  return {
    name: object.name,
    h5: paths.h5,
    mesh: paths.mesh,
    scale: object.fileScale * plan.scale,
    meshUnitsM: object.fileScale,
    sizeScale: plan.scale,
    massKg: plan.massKg,
    friction: object.friction,
    massProperties: plan.massProperties,
    // The shape the physics used, at size scale 1 (object frame: the mesh's bounding-box centre).
    physicsShape: object.shape.kind === 'convex' ? { kind: 'convex hull of the mesh' } : object.shape,
    objectInFileM: object.fileCentreM.map((v) => v * plan.scale),
    candidates: plan.trials.length,
  };
}

/** The `effector` section: the full gripper description. */
export function effectorInfo(settings: PlanSettings): Record<string, unknown> {
  return gripperDescription(settings.effector);
}

/** The `schema` section: every HDF5 and Parquet column with its meaning. */
export function schemaInfo(): Record<string, unknown> {
  const scalar = (path: string, description: string) => ({ path, dtype: '<f8', description });
  return {
    hdf5: {
      perGrasp: HDF5_COLUMNS.map((c) => ({
        path: c.path,
        dtype: c.dtype,
        shape: ['N', ...c.rowShape],
        description: c.description,
      })),
      perObject: [
        { path: 'object/file', dtype: 'string', description: 'mesh path relative to the dataset root' },
        scalar('object/scale', 'multiplies the mesh file into metres at this object (mesh units × randomized size)'),
        scalar('object/mass', 'nominal mass at this scale, kg (per-grasp draws in embody/mass_kg)'),
        scalar('object/friction', 'nominal friction (per-grasp draws in embody/friction)'),
        { ...scalar('object/com', 'centre of mass in the scaled mesh file frame, m'), shape: [3] },
        {
          ...scalar('object/inertia', 'inertia tensor about the centre of mass at object/mass, kg m^2'),
          shape: [3, 3],
        },
        scalar('object/volume', 'volume of the scaled mesh, m^3'),
        scalar('object/density', 'object/mass / object/volume, kg/m^3'),
        { path: 'gripper/type', dtype: 'string', description: 'gripper model name' },
        {
          ...scalar('gripper/configuration', 'each finger position at full opening, m (ACRONYM)'),
          shape: ['F'],
        },
        { path: 'gripper/description', dtype: 'string', description: 'meta/info.json effector, as JSON' },
        {
          path: 'physics/description',
          dtype: 'string',
          description: 'meta/info.json physics (Rapier build, finger joints, solver, protocol), as JSON',
        },
      ],
    },
    parquet: PARQUET_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  };
}
