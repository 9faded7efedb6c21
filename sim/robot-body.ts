import { Matrix4, Quaternion, Vector3 } from 'three';
import { linkTransforms } from '../src/kinematics/forward.ts';
import type { Geometry, KinematicModel, LinkShape } from '../src/kinematics/model.ts';
import { matrixToPose, type Pose } from '../src/math/pose.ts';
import { addHandBody, setNextRotationNear } from './bodies.ts';
import { COLLISION_GROUPS, GROUP } from './collision-groups.ts';
import { colliderDesc, type SimShape } from './shapes.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

/** A link's collision shapes as sim shapes with poses in the link frame. URDF meshes are skipped (see README). */
export function linkShapes(shapes: readonly LinkShape[]): { shape: SimShape; poseInBody: Pose }[] {
  const out: { shape: SimShape; poseInBody: Pose }[] = [];
  for (const s of shapes) {
    const shape = geometryShape(s.geometry);
    if (shape !== undefined) out.push({ shape, poseInBody: matrixToPose(s.origin) });
  }
  return out;
}

function geometryShape(g: Geometry): SimShape | undefined {
  switch (g.kind) {
    case 'box':
      return { kind: 'box', halfExtentsM: [g.sizeM[0] / 2, g.sizeM[1] / 2, g.sizeM[2] / 2] };
    case 'cylinder':
      return { kind: 'cylinder', radiusM: g.radiusM, heightM: g.lengthM };
    case 'sphere':
      return { kind: 'sphere', radiusM: g.radiusM };
    case 'mesh':
      return undefined;
  }
}

/** The links below `link` (inclusive), by walking the joint tree. */
export function subtree(model: KinematicModel, link: string): Set<string> {
  const out = new Set([link]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const joint of model.joints.values()) {
      if (out.has(joint.parent) && !out.has(joint.child)) {
        out.add(joint.child);
        grew = true;
      }
    }
  }
  return out;
}

interface BodyState {
  joints: Record<string, number>;
  root: number[];
}

/**
 * The kinematic skeleton of a robot in the world: one kinematic body per link (except the hands, which are
 * dynamic and ride on compliant wrists), posed every step from the joint positions and the root pose by forward
 * kinematics. Controllers (arms, lift, base) write `joints` / `rootInWorld` and call `markMoved()`.
 */
export class SimRobotBody implements SimStateful {
  readonly stateKey: string;
  readonly joints: Record<string, number>;
  rootInWorld: Matrix4;
  /** Kinematic body per link name. */
  readonly linkBodies = new Map<string, number>();
  /** Collider handle → link name, for faults. */
  readonly colliderLinks = new Map<number, string>();
  private moved = true;
  private stale = false;
  private transforms: Map<string, Matrix4>;

  constructor(
    private readonly sim: SimWorld,
    readonly id: string,
    readonly model: KinematicModel,
    rootInWorld: Matrix4,
    initialJoints: Readonly<Record<string, number>>,
    /** Links simulated as dynamic hand bodies instead (end effectors and their subtrees). */
    readonly handLinks: ReadonlySet<string>,
    /** Links whose colliders report contacts with fixtures (arm links), for protective stops. */
    watchedLinks: ReadonlySet<string>,
  ) {
    this.stateKey = `robot/${id}`;
    this.joints = { ...initialJoints };
    this.rootInWorld = rootInWorld.clone();
    this.transforms = linkTransforms(model, this.joints, this.rootInWorld);
    const { rapier } = sim;
    for (const [name, link] of model.links) {
      if (handLinks.has(name)) continue;
      const pose = matrixToPose(this.transforms.get(name)!);
      const body = sim.world.createRigidBody(
        rapier.RigidBodyDesc.kinematicPositionBased()
          .setTranslation(pose.position.x, pose.position.y, pose.position.z)
          .setRotation(pose.quaternion),
      );
      for (const { shape, poseInBody } of linkShapes(link.collisions)) {
        const desc = colliderDesc(rapier, shape, { friction: 0.5 }, poseInBody).setCollisionGroups(
          COLLISION_GROUPS.robotLink,
        );
        if (watchedLinks.has(name)) {
          desc
            .setActiveEvents(rapier.ActiveEvents.COLLISION_EVENTS)
            .setActiveCollisionTypes(rapier.ActiveCollisionTypes.DEFAULT | rapier.ActiveCollisionTypes.KINEMATIC_FIXED);
        }
        const collider = sim.world.createCollider(desc, body);
        sim.colliderNames.set(collider.handle, `link ${name} of ${id}`);
        this.colliderLinks.set(collider.handle, name);
      }
      this.linkBodies.set(name, body.handle);
    }
    sim.addPreStep(() => this.pose());
    sim.addStateful(this);
  }

  /** Pose of a link in the world at the latest joint positions. */
  linkPose(link: string): Matrix4 {
    if (this.stale) this.refresh();
    const m = this.transforms.get(link);
    if (m === undefined) throw new Error(`${this.id}: unknown link '${link}'`);
    return m;
  }

  /** Tells the skeleton to re-pose its links before the next step. */
  markMoved(): void {
    this.moved = true;
    this.stale = true;
  }

  private refresh(): void {
    this.transforms = linkTransforms(this.model, this.joints, this.rootInWorld);
    this.stale = false;
  }

  /** True when `collider` belongs to a static fixture. */
  isFixture(collider: number): boolean {
    return ((this.sim.collider(collider).collisionGroups() >>> 16) & GROUP.fixture) !== 0;
  }

  saveState(): unknown {
    return { joints: { ...this.joints }, root: this.rootInWorld.toArray() } satisfies BodyState;
  }

  loadState(state: unknown): void {
    const s = state as BodyState;
    for (const key of Object.keys(this.joints)) delete this.joints[key];
    Object.assign(this.joints, s.joints);
    this.rootInWorld.fromArray(s.root);
    this.markMoved();
  }

  private pose(): void {
    if (!this.moved) return;
    this.moved = false;
    if (this.stale) this.refresh();
    const position = new Vector3();
    const quaternion = new Quaternion();
    const scale = new Vector3();
    for (const [name, handle] of this.linkBodies) {
      this.transforms.get(name)!.decompose(position, quaternion, scale);
      const body = this.sim.body(handle);
      body.setNextKinematicTranslation(position);
      setNextRotationNear(body, quaternion);
    }
  }
}

/** Adds a dynamic hand body for an end-effector link: its own shapes plus those of fixed links below it. */
export function addHandForLink(
  sim: SimWorld,
  model: KinematicModel,
  effectorLink: string,
  transforms: Map<string, Matrix4>,
  excluded: ReadonlySet<string>,
): number {
  const handPose = transforms.get(effectorLink)!;
  const handInverse = handPose.clone().invert();
  const shapes: { shape: SimShape; poseInBody: Pose }[] = [];
  let massKg = 0;
  for (const name of subtree(model, effectorLink)) {
    if (excluded.has(name)) continue;
    const link = model.links.get(name)!;
    const linkInHand = handInverse.clone().multiply(transforms.get(name)!);
    for (const s of linkShapes(link.collisions)) {
      shapes.push({ shape: s.shape, poseInBody: matrixToPose(linkInHand.clone().multiply(poseMatrix(s.poseInBody))) });
    }
    massKg += link.inertial?.massKg ?? 0;
  }
  return addHandBody(sim, matrixToPose(handPose), shapes, massKg > 0.01 ? massKg : 0.5, 1, `hand ${effectorLink}`);
}

function poseMatrix(p: Pose): Matrix4 {
  return new Matrix4().compose(p.position, p.quaternion, new Vector3(1, 1, 1));
}
