import {
  BoxGeometry,
  Color,
  DirectionalLight,
  Mesh,
  MeshLambertMaterial,
  PerspectiveCamera,
  Scene,
  WebGLRenderer,
} from 'three';
import { DEFAULT_RENDER_SCALE } from './view-3d.ts';

// The frame-rate baseline (`baseline.html`): the console's renderer settings on a canvas of the same size, drawing a
// scene of one turning cube every animation frame. The console benchmark measures it in the same Chromium and the
// same minute as the console, so the console's frame rate reads as a ratio on a machine whose load swings.
// URL parameters: w and h (CSS pixels of the canvas), scale (share of them rendered).
const params = new URLSearchParams(location.search);
const width = Number(params.get('w') ?? 800);
const height = Number(params.get('h') ?? 550);
const renderer = new WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
renderer.setPixelRatio(Number(params.get('scale') ?? DEFAULT_RENDER_SCALE));
renderer.setSize(width, height);
document.body.append(renderer.domElement);
const scene = new Scene();
scene.background = new Color(0xf3f1ec);
const light = new DirectionalLight(0xffffff, 2);
light.position.set(1, 2, 3);
scene.add(light);
const cube = new Mesh(new BoxGeometry(1, 1, 1), new MeshLambertMaterial({ color: 0x2f6fb5 }));
scene.add(cube);
const camera = new PerspectiveCamera(50, width / height, 0.1, 20);
camera.position.set(0, 0, 4);

let frameAtMs: number[] = [];
const draw = (nowMs: number): void => {
  cube.rotation.set(nowMs / 1000, nowMs / 1300, 0);
  renderer.render(scene, camera);
  frameAtMs.push(nowMs);
  requestAnimationFrame(draw);
};
requestAnimationFrame(draw);

(window as unknown as { embodyBaseline: unknown }).embodyBaseline = {
  /** When each frame since the last call was drawn, ms. */
  perf(): { frameAtMs: number[] } {
    const out = { frameAtMs };
    frameAtMs = [];
    return out;
  },
};
