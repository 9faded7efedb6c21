import type { Matrix4, Vector3 } from 'three';

/** URDF joint types. `floating` and `planar` parse, but have no place in a serial chain for IK. */
export type JointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed' | 'floating' | 'planar';

/** Position limits (rad or m), velocity (rad/s or m/s) and effort (N·m or N), as URDF `<limit>` gives them. */
export interface JointLimits {
  readonly lower: number;
  readonly upper: number;
  readonly velocity: number;
  readonly effort: number;
}

export type Geometry =
  | { readonly kind: 'box'; readonly sizeM: readonly [number, number, number] }
  | { readonly kind: 'cylinder'; readonly radiusM: number; readonly lengthM: number }
  | { readonly kind: 'sphere'; readonly radiusM: number }
  | { readonly kind: 'mesh'; readonly filename: string; readonly scale: readonly [number, number, number] };

/** A visual or collision element of a link, with its origin in the link frame. */
export interface LinkShape {
  readonly origin: Matrix4;
  readonly geometry: Geometry;
}

export interface Inertial {
  readonly origin: Matrix4;
  readonly massKg: number;
  /** ixx, ixy, ixz, iyy, iyz, izz in kg·m². */
  readonly inertia: readonly [number, number, number, number, number, number];
}

export interface Link {
  readonly name: string;
  readonly visuals: readonly LinkShape[];
  readonly collisions: readonly LinkShape[];
  readonly inertial?: Inertial;
}

export interface Joint {
  readonly name: string;
  readonly type: JointType;
  readonly parent: string;
  readonly child: string;
  /** Transform from the parent link frame to the joint frame at q = 0. */
  readonly origin: Matrix4;
  /** Unit axis in the joint frame. */
  readonly axis: Vector3;
  readonly limits?: JointLimits;
  readonly mimic?: { readonly joint: string; readonly multiplier: number; readonly offset: number };
}

/**
 * A robot's kinematic tree as parsed from URDF, plus the `<embody>` extras (which links are tools, sensors,
 * cameras). Joint and link names are the URDF's, so they match a real driver's `/joint_states`.
 */
export interface KinematicModel {
  readonly name: string;
  readonly rootLink: string;
  readonly links: ReadonlyMap<string, Link>;
  readonly joints: ReadonlyMap<string, Joint>;
  /** The `<embody>` extension element, parsed; empty when the URDF has none. */
  readonly extras: EmbodyExtras;
}

/** What a biped's `<walking>` element states: footstep limits and the gait's timing. */
export interface WalkingExtras {
  /** Longest advance of one foot past the other, m. */
  readonly maxStepLengthM: number;
  /** Largest sideways displacement of the body per step, m. */
  readonly maxStepWidthM: number;
  readonly maxTurnPerStepRad: number;
  /** Highest step up or down, m. */
  readonly maxStepHeightM: number;
  /** Lateral distance between the soles' centres when standing, m. */
  readonly stanceWidthM: number;
  readonly singleSupportS: number;
  readonly doubleSupportS: number;
  /** Sole clearance at the top of a swing, m. */
  readonly swingHeightM: number;
}

/** Robot facts URDF has no element for, kept in one clearly named `<embody>` tag ROS tools ignore. */
export interface EmbodyExtras {
  readonly arms: readonly { readonly name: string; readonly baseLink: string; readonly tipLink: string }[];
  readonly grippers: readonly {
    readonly name: string;
    readonly arm: string;
    readonly link: string;
    readonly fingerJoints: readonly string[];
    readonly maxWidthM: number;
    readonly maxForceN: number;
  }[];
  readonly suctionCups: readonly {
    readonly name: string;
    readonly arm: string;
    readonly link: string;
    readonly diameterM: number;
    readonly vacuumKPa: number;
  }[];
  readonly ftSensors: readonly { readonly name: string; readonly arm: string; readonly link: string }[];
  readonly cameras: readonly {
    readonly name: string;
    readonly link: string;
    readonly widthPx: number;
    readonly heightPx: number;
    readonly fovYRad: number;
  }[];
  readonly base?: { readonly kind: 'holonomic' | 'differential' | 'bipedal'; readonly link: string };
  /** A biped's legs: each a chain from the hip link down to the sole frame (on the ground, z up, x forward). */
  readonly legs?: readonly { readonly name: 'left' | 'right'; readonly hipLink: string; readonly soleLink: string }[];
  /** A biped's gait limits and timing. */
  readonly walking?: WalkingExtras;
  readonly lift?: { readonly joint: string };
  /**
   * Named postures per arm, as MoveIt's SRDF `group_state`: `home`, `stow` (folded in for driving), `ready` (a
   * fixed IK seed for planning). Every movable joint of the arm's chain is given, within its limits.
   */
  readonly postures: readonly ArmPosture[];
}

/** A named posture of one arm: joint positions by URDF joint name. */
export interface ArmPosture {
  readonly name: string;
  readonly arm: string;
  readonly joints: Readonly<Record<string, number>>;
}
