import { Vector2, Vector3, type Matrix4 } from 'three';
import { HardwareFault } from '../../hardware/common.ts';
import type { PostureLoad } from '../../hardware/posture-balance.ts';
import { centerOfMass, type MassModel } from '../../src/kinematics/center-of-mass.ts';
import { linkTransforms } from '../../src/kinematics/forward.ts';
import {
  stabilityMargin,
  supportPolygon,
  type FootPlacement,
  type SoleSize,
} from '../../src/locomotion/support-polygon.ts';
import type { FootSide } from '../../src/locomotion/walk-plan.ts';
import type { CarriedObject } from '../carried-objects.ts';
import type { SimRobotBody } from '../robot-body.ts';
import { rootMatrix, type BipedLegs, type RootPose } from './biped-legs.ts';

/**
 * A standing motion (arm or squat) may not end, or pass, with the static CoM closer than this to the edge of the
 * support polygon, m. The live ZMP check stops a motion at 5 mm outside; a motion's own accelerations and the
 * payload's easing move the ZMP a few millimetres off the static CoM, so the static posture keeps that much inside.
 */
export const STATIC_MARGIN_M = 0.005;

/** Joint values a standing motion passes through, its last sample the posture it ends in (only its own joints). */
export type JointPath = readonly Readonly<Record<string, number>>[];

/** Where the robot stands while the posture is judged: the soles on the ground and the root above them. */
export interface Stance {
  readonly feet: Readonly<Record<FootSide, FootPlacement>>;
  readonly root: RootPose;
}

/**
 * The static balance of a standing biped's postures: the ground projection of the whole-body CoM (the carried
 * objects' weight included, each moving with the link nearest to it) against the support polygon of both feet, for
 * postures it is not in. The legs are re-solved for a posture whose pelvis height differs (a squat), as the base
 * will do, so the CoM is the one the robot would have there.
 */
export class StaticBalance {
  constructor(
    private readonly body: SimRobotBody,
    private readonly legs: BipedLegs,
    private readonly masses: MassModel,
    private readonly sole: SoleSize,
    private readonly carried: () => readonly CarriedObject[],
  ) {}

  /**
   * The typed refusal of a standing motion along `path` by `part`, or undefined when it may run: it is refused
   * when a sample on its way (its end included) leaves the static CoM less than `STATIC_MARGIN_M` inside the
   * support polygon, except from a posture already that close to the edge (or past it), where a motion that ends
   * better balanced always runs: it is the way back.
   */
  refusal(part: string, path: JointPath, stance: Stance): HardwareFault | undefined {
    if (path.length === 0) return undefined;
    const loads = this.loadsOnLinks();
    const q = { ...this.body.joints };
    const nowM = this.marginOf(q, stance, loads);
    // In order along the path, each sample's legs solved from the one before, as the base tracks them.
    const margins = path.map((sample) => this.marginOf(Object.assign(q, sample), stance, loads));
    const endM = margins[margins.length - 1]!;
    // From an unbalanced posture, a motion that ends better balanced is the way back. From a balanced one, every
    // sample counts: a squat that ends balanced (the hips set back) may pass through a posture that is not.
    if (nowM < STATIC_MARGIN_M && endM >= nowM) return undefined;
    const worst = Math.min(...margins);
    if (worst >= STATIC_MARGIN_M) return undefined;
    const where = !Number.isFinite(worst)
      ? 'where the legs cannot hold the soles'
      : worst < 0
        ? `${(-worst * 1000).toFixed(1)} mm outside the support polygon`
        : `${(worst * 1000).toFixed(1)} mm inside the support polygon's edge`;
    return new HardwareFault(
      'rejected',
      part,
      `the motion would put the static CoM ${where} (at least ${STATIC_MARGIN_M * 1000} mm inside needed, ` +
        `${(nowM * 1000).toFixed(1)} mm now): the robot would tip`,
      { marginM: worst, requiredMarginM: STATIC_MARGIN_M, presentMarginM: nowM },
    );
  }

  /**
   * The static margin of posture `q` (every joint; the legs are solved into it from the values it holds), m:
   * -Infinity when the legs cannot reach the soles.
   */
  marginOf(q: Record<string, number>, stance: Stance, loads = this.loadsOnLinks()): number {
    if (!this.legs.solveInto(q, stance.feet, stance.root)) return -Infinity;
    const poses = linkTransforms(this.body.model, q, rootMatrix(stance.root));
    const com = centerOfMass(this.masses, (link) => poses.get(link)!);
    let kg = this.masses.totalKg;
    const weighted = com.multiplyScalar(kg);
    for (const load of loads) {
      weighted.addScaledVector(load.inLink.clone().applyMatrix4(poses.get(load.link)!), load.massKg);
      kg += load.massKg;
    }
    weighted.divideScalar(kg);
    const feet = [stance.feet.left, stance.feet.right];
    return stabilityMargin(new Vector2(weighted.x, weighted.y), supportPolygon(feet, this.sole));
  }

  /**
   * The static margin of the robot standing in `stance` in posture `joints` (the others as they are now), with
   * `loads` carried at their links' origins instead of what the hands carry now: the posture as a planner asks.
   */
  postureMargin(joints: Readonly<Record<string, number>>, stance: Stance, loads: readonly PostureLoad[] = []): number {
    const inLinks = loads.map((l) => ({ link: l.link, inLink: new Vector3(), massKg: l.massKg }));
    return this.marginOf({ ...this.body.joints, ...joints }, stance, inLinks);
  }

  /** Each carried object in the frame of the link nearest to it now, so it moves with that link (the hand). */
  private loadsOnLinks(): { link: string; inLink: Vector3; massKg: number }[] {
    return this.carried().map((object) => {
      let best: { link: string; pose: Matrix4; d: number } | undefined;
      for (const { link } of this.masses.links) {
        const pose = this.body.linkPose(link);
        const d = new Vector3().setFromMatrixPosition(pose).distanceTo(object.position);
        if (best === undefined || d < best.d) best = { link, pose, d };
      }
      const inLink = object.position.clone().applyMatrix4(best!.pose.clone().invert());
      return { link: best!.link, inLink, massKg: object.massKg };
    });
  }
}
