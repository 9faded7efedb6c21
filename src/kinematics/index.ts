// Model types
export type {
  EmbodyExtras,
  Geometry,
  Inertial,
  Joint,
  JointLimits,
  JointType,
  KinematicModel,
  Link,
  LinkShape,
} from './model.ts';

// URDF parsing
export { loadUrdf, parseUrdf } from './urdf-parser.ts';
export { UrdfError } from './urdf-error.ts';
export type { MeshPathResolver, ParseUrdfOptions } from './urdf-parser.ts';

// Forward kinematics, chains and Jacobians
export { linkTransforms } from './forward.ts';
export { KinematicChain } from './chain.ts';

// Inverse kinematics
export { solveIk } from './ik.ts';
export type { IkOptions, IkResult, IkStatus, NullSpaceObjective } from './ik.ts';
