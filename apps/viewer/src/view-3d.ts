import {
  AmbientLight,
  Color,
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/**
 * The 3D view: a z-up scene, a perspective camera on orbit controls and a WebGL renderer sized to its container.
 * `follow(target)` keeps the camera's offset while the target (the robot) moves.
 */
export class View3d {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(50, 1, 0.05, 60);
  readonly renderer: WebGLRenderer;
  readonly controls: OrbitControls;
  private readonly lastTarget = new Vector3();
  private following = false;

  constructor(private readonly container: HTMLElement) {
    this.renderer = new WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(1);
    this.renderer.domElement.id = 'view';
    container.append(this.renderer.domElement);
    this.scene.background = new Color(0xf3f1ec);
    this.camera.up.set(0, 0, 1);
    // Down the aisle from its open end, a little above head height: both units and the cart behind in view.
    this.camera.position.set(0.35, -3.6, 2.5);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0.4, 0.6);
    this.controls.update();
    this.scene.add(new HemisphereLight(0xffffff, 0x8a8272, 1.6));
    this.scene.add(new AmbientLight(0xffffff, 0.35));
    const sun = new DirectionalLight(0xffffff, 1.6);
    sun.position.set(-2, -3, 6);
    this.scene.add(sun);
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  /** Starts or stops keeping the camera on the target. */
  setFollow(on: boolean, target: Vector3): void {
    this.following = on;
    this.lastTarget.copy(target);
  }

  /** Moves camera and orbit centre with the target by as much as it moved since the last frame. */
  follow(target: Vector3): void {
    if (!this.following) return;
    const delta = target.clone().sub(this.lastTarget);
    this.lastTarget.copy(target);
    this.camera.position.add(delta);
    this.controls.target.add(delta);
  }

  render(): void {
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }
}
