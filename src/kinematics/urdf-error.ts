/**
 * A malformed URDF. `element` names where the problem is (`joint[name="elbow"]`, `link[name="a"]/visual/geometry`,
 * `embody/arm[name="right"]`, `line 12, column 5`), `reason` says what is wrong.
 *
 * @example
 * // robot.urdf: joint[name="elbow"]: parent link "upper" is not defined
 */
export class UrdfError extends Error {
  override readonly name = 'UrdfError';
  readonly file: string;
  readonly element: string;
  readonly reason: string;

  constructor(file: string, element: string, reason: string) {
    super(`${file}: ${element}: ${reason}`);
    this.file = file;
    this.element = element;
    this.reason = reason;
  }
}
