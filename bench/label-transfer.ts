// Label transfer: grasps datagen labelled with the UR robot's own gripper (`--gripper ur`, objects upright), run again
// with the robot itself on the tabletop (the arm reaches the grasp, the gripper closes, the arm lifts and holds),
// and the outcome compared with the label. Grasps the arm cannot run (no IK, the open gripper inside the table,
// an arm link hitting the table) are counted, not scored.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import { datagenCommand } from '../apps/datagen/datagen-command.ts';
import { readDataset, sampleTrials, type ReplayDataset, type ReplayTrial } from '../apps/verify/dataset-sample.ts';
import { JAW_JOINTS, type JawJoints } from '../sim/effectors/jaw-joints.ts';
import { TRIAL_FINGER_JOINTS, type TrialSolverVariant } from '../sim/grasp-trial/trial-world.ts';
import { parseDatagenArgs } from '../apps/datagen/datagen-args.ts';
import { loadObjects } from '../apps/datagen/object-source.ts';
import { labelWithSolver, parseSolverVariants, solverVariantName } from './solver-variants.ts';
import { CATALOG } from '../scenes/catalog.ts';
import { loadScene } from '../scenes/load-scene.ts';
import type { ResolvedObject, ResolvedScene } from '../scenes/schema.ts';
import { createSimulation } from '../sim/build-scene.ts';
import { jawModelFromUrdf } from '../sim/grasp-trial/effector-models.ts';
import { parseUrdf } from '../src/kinematics/urdf-parser.ts';
import { TRIAL_PROTOCOL } from '../sim/grasp-trial/protocol.ts';
import type { FailureMode, ParallelJawModel } from '../sim/grasp-trial/types.ts';
import { runGraspOnRobot, type RobotGraspOutcome } from '../sim/grasp-on-robot.ts';

export interface LabelTransferOptions {
  /** Catalog products, each set upright on the table in front of the arm. */
  readonly objects: readonly string[];
  readonly graspsPerObject: number;
  readonly seed: number;
  /** Grasps run on the robot per object (drawn from the object's labelled grasps). */
  readonly samplePerObject: number;
  /** Hears why each grasp ended as it did, prefixed with the object and trial index. */
  readonly note?: (line: string) => void;
  /**
   * The trials' finger joints to label with (default the trials' default): each labels the same grasps, which the
   * robot runs once; `label` is the first one's.
   */
  readonly fingerJoints?: readonly JawJoints[];
  /**
   * A trial solver variant (substeps × inner iterations) both engines step with in place of `SOLVER`'s: the grasps
   * are relabelled with it, and the robot's world runs it, so trials and robot still share one configuration.
   */
  readonly solverVariant?: TrialSolverVariant;
}

/** One grasp: its datagen label and what the robot did with it. */
export interface TransferRow {
  readonly object: string;
  readonly trialIndex: number;
  readonly label: FailureMode;
  /** The grasp's label with each of the options' finger joints. */
  readonly labelBy: ReadonlyMap<JawJoints, FailureMode>;
  readonly outcome: RobotGraspOutcome;
  /** The labelled grasp as read back from the dataset. */
  readonly trial: ReplayTrial;
}

export interface LabelTransferResult {
  readonly rows: readonly TransferRow[];
  /** Rows the robot could run: held, dropped or no contact. */
  readonly scored: readonly TransferRow[];
  readonly agreeing: number;
  /** Scored rows whose label with these finger joints agrees with the robot. */
  readonly agreeingBy: ReadonlyMap<JawJoints, number>;
}

const SCORED: ReadonlySet<RobotGraspOutcome> = new Set(['held', 'dropped', 'no-contact']);
/** Where each object stands, in the table-top frame: 0.4 m in front of the arm's base, on its axis. */
const OBJECT_XY_IN_TABLE_TOP: readonly [number, number] = [0, 0];

/** Mints a small dataset with datagen, then runs a sample of its grasps with the UR arm on the tabletop. */
export async function runLabelTransfer(
  options: LabelTransferOptions,
  progress: (done: number, total: number) => void = () => {},
): Promise<LabelTransferResult> {
  const root = mkdtempSync(join(tmpdir(), 'embody-label-transfer-'));
  const variants = options.fingerJoints ?? [TRIAL_FINGER_JOINTS];
  try {
    const datasets = new Map<JawJoints, ReplayDataset>();
    const labelsOf = new Map<JawJoints, Map<string, FailureMode>>();
    for (const joints of variants) {
      const dir = join(root, joints);
      const args = [
        ...['--objects', options.objects.join(','), '--out', dir, '--gripper', 'ur', '--pose', 'upright'],
        ...['--grasps-per-object', String(options.graspsPerObject), '--seed', String(options.seed)],
        ...['--scale', '1:1', '--mass-factor', '1:1', '--workers', '0', '--no-progress'],
        ...['--finger-joints', joints],
      ];
      const log: string[] = [];
      const sink = { write: (s: string) => log.push(s) > 0 };
      const code = await datagenCommand(args, { stdout: sink, stderr: sink, cwd: root });
      if (code !== 0) throw new Error(`label transfer: datagen (${joints}) exited ${code}: ${log.join('')}`);
      datasets.set(joints, await readDataset(dir));
      // The grasps and their draws do not depend on the finger joints or the solver, only the labels do.
      const parsed = parseDatagenArgs(args);
      labelsOf.set(
        joints,
        options.solverVariant === undefined
          ? new Map(datasets.get(joints)!.trials.map((t) => [`${t.object}#${t.trialIndex}`, t.label]))
          : (
              await labelWithSolver(
                await loadObjects(parsed.objects, root, parsed.meshScale),
                parsed.settings,
                options.solverVariant,
              )
            ).labels,
      );
    }
    const dataset = datasets.get(variants[0]!)!;
    const scene = await tabletopScene();
    const rows: TransferRow[] = [];
    const total = options.objects.length * options.samplePerObject;
    for (const name of options.objects) {
      const trials = sampleTrials(
        dataset.trials.filter((t) => t.object === name),
        options.samplePerObject,
        options.seed,
      );
      for (const row of await runTransferObject(scene, name, trials, options.note, options.solverVariant)) {
        const key = `${row.object}#${row.trialIndex}`;
        const labelBy = new Map(variants.map((j) => [j, labelsOf.get(j)!.get(key)!]));
        rows.push({ ...row, label: labelBy.get(variants[0]!)!, labelBy });
        progress(rows.length, total);
      }
    }
    const scored = rows.filter((r) => SCORED.has(r.outcome));
    const agrees = (label: FailureMode, r: TransferRow) => (label === 'none') === (r.outcome === 'held');
    const agreeingBy = new Map(variants.map((j) => [j, scored.filter((r) => agrees(r.labelBy.get(j)!, r)).length]));
    return { rows, scored, agreeing: agreeingBy.get(variants[0]!)!, agreeingBy };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The tabletop scene the grasps run in (its own objects are replaced by the one under test). */
export function tabletopScene(): Promise<ResolvedScene> {
  return loadScene(fileURLToPath(new URL('../scenes/tabletop.yaml', import.meta.url)));
}

/** Runs grasps of one catalog object with the tabletop's arm, the object upright on the table. */
export async function runTransferObject(
  scene: ResolvedScene,
  name: string,
  trials: readonly ReplayTrial[],
  note: (line: string) => void = () => {},
  solverVariant?: TrialSolverVariant,
): Promise<Omit<TransferRow, 'labelBy'>[]> {
  const product = CATALOG.get(name);
  if (product === undefined) throw new Error(`label transfer: ${name} is not a catalog product`);
  const template = scene.objects[0]!;
  const heightM =
    product.shape.kind === 'box' ? product.shape.sizeM[2] : 'heightM' in product.shape ? product.shape.heightM : 0;
  const tableTop = scene.fixtures.find((f) => f.id === 'table');
  const topZ = tableTop?.kind === 'table' ? tableTop.heightM : 0.75;
  const object: ResolvedObject = {
    ...template,
    id: 'target',
    type: name,
    shape: product.shape,
    massKg: product.massKg,
    friction: product.friction,
    material: product.material,
    poseInWorld: {
      position: new Vector3(OBJECT_XY_IN_TABLE_TOP[0], OBJECT_XY_IN_TABLE_TOP[1], topZ + heightM / 2),
      quaternion: new Quaternion(),
    },
  };
  const solver =
    solverVariant === undefined
      ? {}
      : {
          solverIterations: solverVariant.solverIterations,
          internalPgsIterations: solverVariant.internalPgsIterations,
          ...(solverVariant.predictionDistanceM === undefined
            ? {}
            : { predictionDistanceM: solverVariant.predictionDistanceM }),
        };
  const simulation = await createSimulation({ ...scene, objects: [object] }, { seed: 1, ...solver });
  try {
    const robotId = scene.robots[0]!.id;
    const { jaw, handFromModel } = jawModelFromUrdf(simulation.robots.get(robotId)!.model);
    simulation.sim.runFor(300);
    // Every grasp starts from this snapshot, so its outcome does not depend on the grasps run before it (the arm
    // restores the joint state it had published: without that, can-330ml #140 dropped when run first and held when
    // run again, and 141 of 165 protective stops in the bench were leaks of that kind).
    const settled = simulation.sim.takeSnapshot();
    return trials.map((t) => {
      simulation.sim.restoreSnapshot(settled);
      const outcome = runGraspOnRobot(
        simulation,
        robotId,
        'target',
        jaw,
        handFromModel,
        { gripperInObject: t.gripperInObject, massKg: t.massKg, friction: t.friction, effortN: t.effort },
        TRIAL_PROTOCOL.heldSlipM,
        (line) => note(`${name} #${t.trialIndex} (${t.label}): ${line}`),
      );
      return { object: name, trialIndex: t.trialIndex, label: t.label, outcome, trial: t };
    });
  } finally {
    simulation.free();
  }
}

async function urJaw(): Promise<ParallelJawModel> {
  const scene = await tabletopScene();
  const path = scene.robots[0]!.urdfPath;
  return jawModelFromUrdf(parseUrdf(readFileSync(path, 'utf8'), path)).jaw;
}

/** Rows: datagen label; columns: what the robot did. */
export function confusionTable(rows: readonly Pick<TransferRow, 'label' | 'outcome'>[]): string {
  const outcomes: RobotGraspOutcome[] = [
    'held',
    'dropped',
    'no-contact',
    'unreachable',
    'fixture-blocked',
    'arm-collision',
  ];
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const width = 16;
  const lines = [`${'label \\ robot'.padEnd(22)}${outcomes.map((o) => o.padStart(width)).join('')}`];
  for (const label of labels) {
    const counts = outcomes.map((o) => rows.filter((r) => r.label === label && r.outcome === o).length);
    lines.push(`${label.padEnd(22)}${counts.map((c) => String(c).padStart(width)).join('')}`);
  }
  return lines.join('\n');
}

export async function runLabelTransferBench(): Promise<void> {
  const perObject = Number(process.env.BENCH_TRANSFER_GRASPS ?? 60);
  const objects = (process.env.BENCH_TRANSFER_OBJECTS ?? 'can-330ml,tea-box,soup-can,pudding-box').split(',');
  const fingerJoints = (process.env.BENCH_FINGER_JOINTS ?? 'linkage,locked').split(',') as JawJoints[];
  for (const j of fingerJoints)
    if (!JAW_JOINTS.includes(j)) throw new Error(`BENCH_FINGER_JOINTS: ${j} is not one of ${JAW_JOINTS.join(', ')}`);
  const started = performance.now();
  const tcpZM = (await urJaw()).tcpZM;
  // BENCH_TRANSFER_SOLVER: one trial solver variant (e.g. 4x2) for the trials and the robot's world alike.
  const solverSpec = process.env.BENCH_TRANSFER_SOLVER;
  const solverVariant =
    solverSpec === undefined ? undefined : parseSolverVariants(solverSpec, 'BENCH_TRANSFER_SOLVER')[0]!;
  const result = await runLabelTransfer(
    {
      objects,
      graspsPerObject: perObject,
      seed: 11,
      samplePerObject: perObject,
      fingerJoints,
      ...(solverVariant === undefined ? {} : { solverVariant }),
    },
    (done, total) => process.stderr.write(`\rlabel transfer ${done}/${total}`),
  );
  process.stderr.write('\n');
  const { rows, scored, agreeingBy } = result;
  console.log(
    `label transfer (UR arm on the tabletop vs datagen --gripper ur --pose upright, ${objects.join(', ')}, ` +
      `${rows.length} grasps, load ${loadavg()[0]!.toFixed(1)}, ${((performance.now() - started) / 1000).toFixed(0)} s` +
      `${solverVariant === undefined ? '' : `, trials and robot on solver ${solverVariantName(solverVariant)}`}):`,
  );
  for (const o of ['unreachable', 'fixture-blocked', 'arm-collision'] as const)
    console.log(`  not scored, ${o}: ${rows.filter((r) => r.outcome === o).length}`);
  const agrees = (r: TransferRow, j: JawJoints) => (r.labelBy.get(j)! === 'none') === (r.outcome === 'held');
  for (const j of fingerJoints) {
    const agreeing = agreeingBy.get(j)!;
    console.log(
      `  --finger-joints ${j}: agreement ${agreeing}/${scored.length} scored (${((100 * agreeing) / Math.max(1, scored.length)).toFixed(1)} %; goal ≥ 95 %)`,
    );
    console.log(confusionTable(rows.map((r) => ({ ...r, label: r.labelBy.get(j)! }))).replace(/^/gm, '    '));
    for (const name of objects) {
      const mine = scored.filter((r) => r.object === name);
      console.log(`    ${name}: ${mine.filter((r) => agrees(r, j)).length}/${mine.length}`);
    }
  }
  // Each disagreement with where the grasp was: the approach's vertical part and the TCP's height in the object.
  for (const r of scored.filter((x) => fingerJoints.some((j) => !agrees(x, j)))) {
    const m = r.trial.gripperInObject;
    const approachZ = new Vector3().setFromMatrixColumn(m, 2).normalize().z;
    const tcp = new Vector3(0, 0, tcpZM).applyMatrix4(m);
    const labels = fingerJoints.map((j) => `${j} ${r.labelBy.get(j)!}`).join(', ');
    console.log(
      `  disagreement ${r.object} #${r.trialIndex}: labels ${labels}; robot ${r.outcome}; approach z ${approachZ.toFixed(2)}, ` +
        `TCP ${(tcp.z * 1000).toFixed(0)} mm above the object's centre, ${(Math.hypot(tcp.x, tcp.y) * 1000).toFixed(0)} mm off its axis`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runLabelTransferBench();
