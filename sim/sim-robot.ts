import { BehaviorSubject, type Observable } from 'rxjs';
import { type Matrix4, Vector3 } from 'three';
import type { LifecycleState } from '../hardware/common.ts';
import type { Robot, RobotParts, RobotState } from '../hardware/robot.ts';
import { isMovable } from '../src/kinematics/joint-motion.ts';
import type { KinematicModel } from '../src/kinematics/model.ts';
import { matrixToPose, poseToMatrix, type Pose } from '../src/math/pose.ts';
import type { RandomSource } from '../src/math/random.ts';
import { carriedObjects } from './carried-objects.ts';
import { CompliantWrist } from './compliant-wrist.ts';
import { addHandForLink, linkShapes, SimRobotBody, subtree } from './robot-body.ts';
import { SimArm } from './sim-arm.ts';
import { SimMobileBase } from './sim-base.ts';
import type { PostureCheck } from './sim-motion.ts';
import { SimBipedBase } from './sim-biped-base.ts';
import { steadyHands } from './biped/steady-hands.ts';
import { SimDepthCamera } from './sim-camera.ts';
import type { JawFinger } from './effectors/parallel-jaw.ts';
import { padFacesInTool } from './effectors/pad-faces.ts';
import { SimParallelGripper } from './sim-gripper.ts';
import { SimLift } from './sim-lift.ts';
import { SimSuctionCup } from './sim-suction.ts';
import type { SimWorld } from './sim-world.ts';

export interface SimRobotSpec {
  readonly id: string;
  readonly model: KinematicModel;
  /** Pose of the root link in the world. */
  readonly rootInWorld: Pose;
  readonly initialJointPositions?: Readonly<Record<string, number>>;
  /** Seeds camera noise when given; cameras are noise-free otherwise. */
  /** Arms stop when their hands press a fixture harder than `HAND_PRESS_LIMIT_N` (see `sim/protective-stop.ts`). */
  readonly handPressStop?: boolean;
  readonly cameraNoise?: { readonly random: RandomSource; readonly stdAtOneMeterM: number };
}

/** Robot state is published at this divisor of the physics rate (240 / 5 = 48 Hz). */
const STATE_EVERY_STEPS = 5;

/**
 * A robot in the sim, built from its URDF model and `<embody>` extras, implementing the same `Robot` contract as
 * hardware: a kinematic skeleton, kinematic arms with protective stops, a lift, a planar base, depth cameras, and
 * dynamic hands on compliant wrists (parallel grippers with motorised fingers, suction cups).
 */
export class SimRobot implements Robot {
  readonly id: string;
  readonly model: KinematicModel;
  readonly parts: RobotParts;
  readonly body: SimRobotBody;
  readonly lifecycle$: Observable<LifecycleState>;
  readonly state$: Observable<RobotState>;
  /** Dynamic hand bodies by end-effector link, for sensing and tests. */
  readonly handBodies = new Map<string, number>();
  private readonly lifecycle = new BehaviorSubject<LifecycleState>('disconnected');
  private readonly state: BehaviorSubject<RobotState>;

  constructor(
    private readonly sim: SimWorld,
    spec: SimRobotSpec,
  ) {
    this.id = spec.id;
    this.model = spec.model;
    const { model } = spec;
    const ex = model.extras;
    const effectorLinks = [...ex.grippers.map((g) => g.link), ...ex.suctionCups.map((s) => s.link)];
    const handLinks = new Set(effectorLinks.flatMap((link) => [...subtree(model, link)]));
    // A wheeled base's own links (chassis, torso, head: everything no arm moves) stop the base on a fixture.
    const armLinks = this.armLinks(handLinks);
    const baseLinks = new Set(
      ex.base === undefined || ex.base.kind === 'bipedal'
        ? []
        : [...model.links.keys()].filter((l) => !handLinks.has(l) && !armLinks.has(l)),
    );
    const initial: Record<string, number> = {};
    for (const joint of model.joints.values())
      if (isMovable(joint.type)) initial[joint.name] = clampToJoint(model, joint.name, 0);
    for (const [name, q] of Object.entries(spec.initialJointPositions ?? {})) initial[name] = q;
    this.body = new SimRobotBody(
      sim,
      spec.id,
      model,
      poseToMatrix(spec.rootInWorld),
      initial,
      handLinks,
      new Set([...this.armLinks(handLinks), ...baseLinks]),
    );
    const transforms = new Map([...model.links.keys()].map((name) => [name, this.body.linkPose(name)] as const));
    // A biped's arms and squat are judged by its base's static balance before they start; the base comes last.
    let biped: SimBipedBase | undefined;
    const postureCheck: PostureCheck = (part, path) => biped?.refusePosture(part, path);
    const guarded = ex.base?.kind === 'bipedal' ? { postureCheck } : {};

    const grippers = ex.grippers.map((g) => {
      const fingerLinks = new Set(g.fingerJoints.flatMap((j) => [...subtree(model, model.joints.get(j)!.child)]));
      const hand = this.addHand(g.arm, g.link, transforms, fingerLinks);
      const fingers = this.fingerSpecs(g.link, g.fingerJoints, transforms);
      // The pads' faces in the arm's tool frame, when the tool is on this hand.
      const tip = ex.arms.find((a) => a.name === g.arm)?.tipLink;
      const toolInHand =
        tip !== undefined && subtree(model, g.link).has(tip)
          ? matrixToPose(transforms.get(g.link)!.clone().invert().multiply(transforms.get(tip)!))
          : undefined;
      const pads = toolInHand === undefined ? undefined : padFacesInTool(fingers[0], toolInHand);
      return new SimParallelGripper(sim, {
        name: g.name,
        part: `gripper/${g.arm}`,
        handBodyHandle: hand,
        maxWidthM: g.maxWidthM,
        maxForceN: g.maxForceN,
        fingers,
        ...(pads === undefined ? {} : { pads }),
      });
    });
    const suctionCups = ex.suctionCups.map((s) => {
      const hand = this.addHand(s.arm, s.link, transforms, new Set());
      const arm = ex.arms.find((a) => a.name === s.arm);
      const tip = arm !== undefined && subtree(model, s.link).has(arm.tipLink) ? arm.tipLink : s.link;
      const faceInCup = matrixToPose(transforms.get(s.link)!.clone().invert().multiply(transforms.get(tip)!));
      return new SimSuctionCup(sim, {
        name: s.name,
        part: `suction/${s.arm}`,
        cupBodyHandle: hand,
        faceInCup,
        diameterM: s.diameterM,
        vacuumKPa: s.vacuumKPa,
      });
    });
    // A biped walks its loads for tens of seconds: its hands' islands get more solver iterations (steady-hands.ts).
    if (ex.base?.kind === 'bipedal') steadyHands(sim, [...this.handBodies.values()]);
    const arms = ex.arms.map((a) => {
      const endEffector =
        grippers.find((_, i) => ex.grippers[i]!.arm === a.name) ??
        suctionCups.find((_, i) => ex.suctionCups[i]!.arm === a.name);
      const wristSensor = this.wrists.get(a.name);
      return new SimArm(sim, this.body, {
        name: a.name,
        baseLink: a.baseLink,
        tipLink: a.tipLink,
        watchedLinks: this.armLinks(handLinks, a.baseLink),
        handBodies:
          spec.handPressStop !== true
            ? []
            : this.armHandBodies(
                a.name,
                grippers.filter((_, i) => ex.grippers[i]!.arm === a.name).flatMap((g) => g.fingerBodyHandles),
              ),
        ...guarded,
        ...(endEffector === undefined ? {} : { endEffector }),
        ...(wristSensor === undefined ? {} : { wristSensor }),
      });
    });
    const lift = ex.lift === undefined ? undefined : new SimLift(sim, this.body, ex.lift.joint, guarded.postureCheck);
    const base =
      ex.base === undefined
        ? undefined
        : ex.base.kind === 'bipedal'
          ? (biped = this.bipedBase(lift))
          : new SimMobileBase(sim, this.body, ex.base.kind, undefined, baseLinks);
    const cameras = ex.cameras.map(
      (c) =>
        new SimDepthCamera(sim, {
          name: c.name,
          widthPx: c.widthPx,
          heightPx: c.heightPx,
          fovYRad: c.fovYRad,
          poseInWorld: () => matrixToPose(this.body.linkPose(c.link)),
          ...(spec.cameraNoise === undefined ? {} : { noise: spec.cameraNoise }),
        }),
    );
    this.parts = {
      ...(base === undefined ? {} : { base }),
      ...(lift === undefined ? {} : { lift }),
      arms,
      grippers,
      suctionCups,
      cameras,
      ftSensors: [...this.wrists.values()],
    };
    this.lifecycle$ = this.lifecycle.asObservable();
    this.state = new BehaviorSubject(this.snapshot());
    this.state$ = this.state.asObservable();
    sim.addPostStep(() => {
      if (sim.stepCount % STATE_EVERY_STEPS === 0) this.state.next(this.snapshot());
    });
  }

  private readonly wrists = new Map<string, CompliantWrist>();

  async connect(): Promise<void> {
    this.lifecycle.next('connected');
  }

  async disconnect(): Promise<void> {
    this.stop();
    this.lifecycle.next('disconnected');
  }

  stop(): void {
    this.parts.base?.stop();
    this.parts.lift?.stop();
    for (const arm of this.parts.arms) arm.stop();
    for (const gripper of this.parts.grippers) gripper.stop();
  }

  /** A biped's walking base: its legs and gait from `<embody>`, the hands' weight read at the wrists. */
  /** Hands, fingers and cups: the bodies that can hold an object. */
  private get effectorBodies(): number[] {
    return [
      ...this.handBodies.values(),
      ...this.parts.grippers.flatMap((g) => (g as SimParallelGripper).fingerBodyHandles),
    ];
  }

  private bipedBase(lift: SimLift | undefined): SimBipedBase {
    const { walking, legs } = this.model.extras;
    if (walking === undefined || legs === undefined) throw new Error(`${this.id}: a biped needs <leg>s and <walking>`);
    return new SimBipedBase(this.sim, this.body, {
      walking,
      legs,
      carried: () => carriedObjects(this.sim, this.effectorBodies),
      ...(lift === undefined ? {} : { lift }),
    });
  }

  private snapshot(): RobotState {
    const base = this.parts.base as SimMobileBase | SimBipedBase | undefined;
    return {
      stampMs: this.sim.timeMs,
      joints: { ...this.body.joints },
      ...(base === undefined ? {} : { basePose: { ...base.pose(), stampMs: this.sim.timeMs } }),
    };
  }

  /** Links moved by an arm joint (below `below`, or any arm's base), minus the hands: watched for fixture contact. */
  /** The dynamic bodies at the end of one arm: its hands and their fingers. */
  private armHandBodies(arm: string, fingers: readonly number[]): number[] {
    const ex = this.model.extras;
    const links = [...ex.grippers, ...ex.suctionCups].filter((e) => e.arm === arm).map((e) => e.link);
    return [...links.flatMap((l) => this.handBodies.get(l) ?? []), ...fingers];
  }

  private armLinks(handLinks: ReadonlySet<string>, below?: string): Set<string> {
    const out = new Set<string>();
    const bases = below === undefined ? this.model.extras.arms.map((a) => a.baseLink) : [below];
    for (const base of bases) {
      for (const joint of this.model.joints.values()) {
        if (joint.parent !== base) continue;
        for (const link of subtree(this.model, joint.child)) if (!handLinks.has(link)) out.add(link);
      }
    }
    return out;
  }

  /** The dynamic hand of an end effector and its compliant wrist (the F/T sensor, if the arm declares one). */
  private addHand(
    arm: string,
    effectorLink: string,
    transforms: Map<string, Matrix4>,
    excluded: ReadonlySet<string>,
  ): number {
    const hand = addHandForLink(this.sim, this.model, effectorLink, transforms, excluded);
    this.handBodies.set(effectorLink, hand);
    const parentJoint = [...this.model.joints.values()].find((j) => j.child === effectorLink);
    const flangeLink = parentJoint?.parent;
    const flangeBody = flangeLink === undefined ? undefined : this.body.linkBodies.get(flangeLink);
    if (flangeLink === undefined || flangeBody === undefined)
      throw new Error(`${this.id}: end effector ${effectorLink} has no kinematic parent link`);
    const ft = this.model.extras.ftSensors.find((s) => s.arm === arm);
    const sensorLink = ft !== undefined && transforms.has(ft.link) ? ft.link : effectorLink;
    const sensor = transforms.get(sensorLink)!;
    const wrist = new CompliantWrist(this.sim, {
      name: ft?.name ?? `${arm}_wrist`,
      frameId: sensorLink,
      flangeBodyHandle: flangeBody,
      sensorInFlange: matrixToPose(transforms.get(flangeLink)!.clone().invert().multiply(sensor)),
      handBodyHandle: hand,
      sensorInHand: matrixToPose(transforms.get(effectorLink)!.clone().invert().multiply(sensor)),
    });
    if (ft !== undefined) this.wrists.set(arm, wrist);
    return hand;
  }

  /** The gripper's two fingers as the jaw model takes them: closed origin, opening axis and stroke in the hand frame. */
  private fingerSpecs(
    handLink: string,
    fingerJoints: readonly string[],
    transforms: Map<string, Matrix4>,
  ): [JawFinger, JawFinger] {
    if (fingerJoints.length !== 2) throw new Error(`${this.id}: a parallel gripper needs two finger joints`);
    const handInverse = transforms.get(handLink)!.clone().invert();
    const fingerOrigin = (name: string, q: number): Vector3 => {
      const joint = this.model.joints.get(name)!;
      return new Vector3()
        .setFromMatrixPosition(transforms.get(joint.parent)!.clone().multiply(joint.origin))
        .add(
          joint.axis
            .clone()
            .transformDirection(transforms.get(joint.parent)!.clone().multiply(joint.origin))
            .multiplyScalar(q),
        );
    };
    const limits = fingerJoints.map(
      (n) => this.model.joints.get(n)!.limits ?? { lower: 0, upper: 0.04, velocity: 0.1, effort: 20 },
    );
    // The open end of the range is the one that puts the fingers further apart.
    const spread = (pick: 'lower' | 'upper'): number =>
      fingerOrigin(fingerJoints[0]!, limits[0]![pick]).distanceTo(fingerOrigin(fingerJoints[1]!, limits[1]![pick]));
    const upperOpens = spread('upper') >= spread('lower');
    const finger = (name: string, i: number): JawFinger => {
      const joint = this.model.joints.get(name)!;
      const link = this.model.links.get(joint.child)!;
      const originInHand = matrixToPose(
        handInverse.clone().multiply(transforms.get(joint.parent)!).multiply(joint.origin),
      );
      const lim = limits[i]!;
      const closedQ = upperOpens ? lim.lower : lim.upper;
      const openQ = upperOpens ? lim.upper : lim.lower;
      const axis = joint.axis.clone().applyQuaternion(originInHand.quaternion).normalize();
      return {
        name,
        closedOriginInHand: originInHand.position.clone().addScaledVector(axis, closedQ),
        openingAxisInHand: axis.multiplyScalar(Math.sign(openQ - closedQ)),
        strokeM: Math.abs(openQ - closedQ),
        // The finger body keeps the hand's orientation, so the joint frame's rotation goes into the shapes.
        shapes: linkShapes(link.collisions).map((s) => ({
          shape: s.shape,
          poseInFinger: {
            position: s.poseInBody.position.clone().applyQuaternion(originInHand.quaternion),
            quaternion: originInHand.quaternion.clone().multiply(s.poseInBody.quaternion),
          },
        })),
        massKg: link.inertial?.massKg ?? 0.05,
      };
    };
    return [finger(fingerJoints[0]!, 0), finger(fingerJoints[1]!, 1)];
  }
}

function clampToJoint(model: KinematicModel, name: string, q: number): number {
  const l = model.joints.get(name)?.limits;
  return l === undefined ? q : Math.min(l.upper, Math.max(l.lower, q));
}
