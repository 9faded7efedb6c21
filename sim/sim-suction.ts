import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { Quaternion, Vector3 } from 'three';
import type { SuctionCup } from '../hardware/end-effector.ts';
import type { Pose } from '../src/math/pose.ts';
import { GROUP } from './collision-groups.ts';
import {
  createSealJoint,
  findSeal,
  prepareCupCollider,
  ratedHoldForceN,
  sealIntact,
  setSealStrength,
  vacuumFraction,
  type SealFrames,
  type SealHit,
} from './effectors/suction-cup.ts';
import type { SimStateful, SimWorld } from './sim-world.ts';

export interface SuctionCupSpec {
  readonly name: string;
  readonly part: string;
  /** The dynamic cup body (it rides on a compliant wrist). */
  readonly cupBodyHandle: number;
  /** The cup face in the cup body frame: origin at the face centre, +z pointing out of the cup toward the object. */
  readonly faceInCup: Pose;
  readonly diameterM: number;
  readonly vacuumKPa: number;
}

/** Only objects and fixtures can be sealed on, never the robot itself. */
const SEAL_FILTER = ((GROUP.fixture | GROUP.object) << 16) | 0xffff;

interface SuctionState {
  vacuumOn: boolean;
  sealed: boolean;
  sealedCollider: number | undefined;
  pullJoint: number | undefined;
  /** Sim time the seal formed, ms: the vacuum builds up from there. */
  sealedAtMs: number;
  /** Joint frames at sealing, on the cup and on the object, to check the held seal. */
  hold?: SealFrames | undefined;
}

/**
 * A vacuum cup built on the suction contact model (`effectors/suction-cup.ts`, the same one every datagen trial
 * runs): it seals only on a flat face that covers the lip, close and square to the cup; while sealed with the
 * vacuum on, force-capped motors hold the face where it sealed (pull up to vacuum × area as the vacuum builds,
 * shear up to the lip's friction, bending up to a peel moment). The held seal breaks when the face is pulled
 * 6 mm off, peeled 15° or slid r/2: a load above a cap does that and the body falls; a tilted cup or a curved face
 * never seals.
 */
export class SimSuctionCup implements SuctionCup, SimStateful {
  readonly kind = 'suction-cup';
  readonly name: string;
  readonly stateKey: string;
  readonly diameterM: number;
  readonly ratedHoldForceN: number;
  readonly sealed$: Observable<boolean>;
  private readonly sealedSubject = new BehaviorSubject(false);
  private state: SuctionState = {
    vacuumOn: false,
    sealed: false,
    sealedCollider: undefined,
    pullJoint: undefined,
    sealedAtMs: 0,
  };

  constructor(
    private readonly sim: SimWorld,
    private readonly spec: SuctionCupSpec,
  ) {
    this.name = spec.name;
    this.stateKey = `suction/${spec.name}`;
    this.diameterM = spec.diameterM;
    this.ratedHoldForceN = ratedHoldForceN(spec.vacuumKPa, spec.diameterM);
    this.sealed$ = this.sealedSubject.pipe(distinctUntilChanged());
    sim.addPreStep(() => this.control());
    sim.addStateful(this);
    const cupBody = sim.body(spec.cupBodyHandle);
    for (let i = 0; i < cupBody.numColliders(); i++) prepareCupCollider(sim.rapier, cupBody.collider(i));
  }

  setVacuum(on: boolean): boolean {
    this.state = { ...this.state, vacuumOn: on };
    if (!on) this.setSealed(false, undefined);
    return on;
  }

  get vacuumOn(): boolean {
    return this.state.vacuumOn;
  }

  /** Handle of the collider the cup is sealed on, if any. */
  get sealedCollider(): number | undefined {
    return this.state.sealedCollider;
  }

  saveState(): unknown {
    return { ...this.state };
  }

  loadState(state: unknown): void {
    this.state = { ...(state as SuctionState) };
    this.sealedSubject.next(this.state.sealed);
  }

  private control(): void {
    if (!this.state.vacuumOn) return;
    const { hold, pullJoint } = this.state;
    if (hold !== undefined && pullJoint !== undefined) {
      const cup = this.sim.body(this.spec.cupBodyHandle);
      if (!sealIntact(cup, this.sim.body(hold.targetBody), hold, this.diameterM)) {
        this.setSealed(false, undefined);
        return;
      }
      const fraction = vacuumFraction((this.sim.timeMs - this.state.sealedAtMs) / 1000);
      setSealStrength(
        this.sim.rapier,
        this.sim.world.getImpulseJoint(pullJoint),
        this.ratedHoldForceN,
        this.diameterM,
        fraction,
      );
      return;
    }
    const seal = this.checkSeal();
    if (seal === undefined) {
      this.setSealed(false, undefined);
      return;
    }
    if (this.state.sealedCollider !== seal.collider) {
      const target = this.sim.collider(seal.collider).parent();
      const held =
        target === null
          ? undefined
          : createSealJoint(this.sim.rapier, this.sim.world, this.sim.body(this.spec.cupBodyHandle), target, seal);
      this.setSealed(true, seal.collider, held?.joint, held?.frames);
    }
  }

  private setSealed(sealed: boolean, collider: number | undefined, joint?: number, hold?: SealFrames): void {
    if (this.state.pullJoint !== undefined && this.state.pullJoint !== joint) {
      this.sim.world.removeImpulseJoint(this.sim.world.getImpulseJoint(this.state.pullJoint), true);
    }
    const sealedAtMs = sealed && !this.state.sealed ? this.sim.timeMs : this.state.sealedAtMs;
    this.state = { ...this.state, sealed, sealedCollider: collider, pullJoint: joint, hold, sealedAtMs };
    this.sealedSubject.next(sealed);
  }

  /** The seal, if the lip rays say the face is flat, covering, close and square to the cup. */
  private checkSeal(): SealHit | undefined {
    const cup = this.sim.body(this.spec.cupBodyHandle);
    const t = cup.translation();
    const r = cup.rotation();
    const cupRot = new Quaternion(r.x, r.y, r.z, r.w);
    const face: Pose = {
      position: this.spec.faceInCup.position
        .clone()
        .applyQuaternion(cupRot)
        .add(new Vector3(t.x, t.y, t.z)),
      quaternion: cupRot.clone().multiply(this.spec.faceInCup.quaternion),
    };
    const { rapier, world } = this.sim;
    return findSeal(
      (origin, dir, maxToi) => {
        const hit = world.castRayAndGetNormal(
          new rapier.Ray(origin, dir),
          maxToi,
          true,
          undefined,
          SEAL_FILTER,
          undefined,
          cup,
        );
        if (hit === null) return undefined;
        return {
          collider: hit.collider.handle,
          toi: hit.timeOfImpact,
          normal: new Vector3(hit.normal.x, hit.normal.y, hit.normal.z),
        };
      },
      face,
      this.diameterM,
    );
  }
}
