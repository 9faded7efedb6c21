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
 * Share of the container's CSS pixels the view renders by default (the browser scales the image up). Software GL
 * (SwiftShader, a machine without a GPU) pays per pixel shaded: at 0.6 the store costs about a third of full size.
 */
export const DEFAULT_RENDER_SCALE = 0.6;

/** What the last frame drew (WebGLRenderer's counters). */
export interface DrawStats {
  readonly calls: number;
  readonly triangles: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The 3D view: a z-up scene, a perspective camera on orbit controls and a WebGL renderer sized to its container.
 * `follow(target)` keeps the camera's offset while the target (the robot) moves. It draws only when asked to and
 * something changed (`invalidate`, the camera moved, the container resized): a still store costs nothing.
 */
export class View3d {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(50, 1, 0.05, 60);
  readonly renderer: WebGLRenderer;
  readonly controls: OrbitControls;
  private readonly lastTarget = new Vector3();
  private readonly delta = new Vector3();
  /** Whether the camera keeps its offset to the target (the header's follow-robot toggle). */
  private followOn = false;
  private dirty = true;
  /** Frames drawn so far. */
  drawn = 0;

  constructor(
    private readonly container: HTMLElement,
    renderScale = DEFAULT_RENDER_SCALE,
  ) {
    this.renderer = new WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(renderScale);
    this.renderer.domElement.id = 'view';
    container.append(this.renderer.domElement);
    this.scene.background = new Color(0xf3f1ec);
    this.camera.up.set(0, 0, 1);
    // Down the aisle from its open end, a little above head height: both units and the cart behind in view.
    this.camera.position.set(0.35, -3.6, 2.5);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0.4, 0.6);
    this.controls.update();
    this.controls.addEventListener('change', () => this.invalidate());
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
    this.followOn = on;
    this.lastTarget.copy(target);
  }

  get following(): boolean {
    return this.followOn;
  }

  /** Moves camera and orbit centre with the target by as much as it moved since the last frame. */
  follow(target: Vector3): void {
    if (!this.followOn) return;
    this.delta.subVectors(target, this.lastTarget);
    if (this.delta.lengthSq() === 0) return;
    this.lastTarget.copy(target);
    this.camera.position.add(this.delta);
    this.controls.target.add(this.delta);
    this.invalidate();
  }

  /** Something in the scene changed: the next `render` draws. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Draws the scene if anything changed since the last drawing; returns whether it drew. */
  render(): boolean {
    this.controls.update();
    if (!this.dirty) return false;
    this.dirty = false;
    this.renderer.render(this.scene, this.camera);
    this.drawn++;
    return true;
  }

  /** Draw calls and triangles of the last drawing, and the size of the image drawn (device pixels). */
  stats(): DrawStats {
    const { calls, triangles } = this.renderer.info.render;
    const { width, height } = this.renderer.domElement;
    return { calls, triangles, width, height };
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.invalidate();
  }
}
