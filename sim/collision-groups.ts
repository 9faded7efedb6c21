// Rapier interaction groups: 16 membership bits over 16 filter bits. Two colliders touch only when each is a
// member of a group the other filters for.

/** Membership bits of the things in a sim world. */
export const GROUP = {
  fixture: 0x0001,
  object: 0x0002,
  /** Kinematic robot links (base, torso, arm links). */
  robotLink: 0x0004,
  /** Dynamic hand parts: palm, fingers, suction cup. */
  hand: 0x0008,
} as const;

function groups(membership: number, filter: number): number {
  return ((membership & 0xffff) << 16) | (filter & 0xffff);
}

/** Collision groups per role. Robot links skip each other and their own hands (a real arm's links are jointed). */
export const COLLISION_GROUPS = {
  fixture: groups(GROUP.fixture, 0xffff),
  object: groups(GROUP.object, 0xffff),
  robotLink: groups(GROUP.robotLink, GROUP.fixture | GROUP.object),
  hand: groups(GROUP.hand, GROUP.fixture | GROUP.object | GROUP.hand),
} as const;
