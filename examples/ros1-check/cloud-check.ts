/**
 * Reads `cloud_publisher.py`'s point cloud through a real ROS 1 rosbridge_server with embody's ROS camera, once per
 * compression, and compares every pixel's depth with the plane it publishes. Manual check only; see README.md.
 *
 *   node bin/run-ts.mjs examples/ros1-check/cloud-check.ts ws://127.0.0.1:9191 json cbor cbor-raw
 */
import { asyncScheduler, lastValueFrom } from 'rxjs';
import type { Compression } from '../../hardware/ros/bridge-types.ts';
import { RosBridge } from '../../hardware/ros/ros-bridge.ts';
import { RosDepthCamera } from '../../hardware/ros/ros-camera.ts';
import { makePose } from '../../src/math/pose.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';

/** cloud_publisher.py's defaults: the plane's depth at row 0 and its growth per row, m. */
const NEAR_M = 0.8;
const SLOPE_M = 0.004;
const TOPIC = '/head_camera/depth/points';

const [url, ...compressions] = process.argv.slice(2);
if (url === undefined) {
  process.stderr.write('usage: cloud-check.ts <ws url> [json|cbor|cbor-raw ...]\n');
  process.exit(2);
}
const model = await loadUrdf(new URL('../../hardware/robots/wheeled-humanoid.urdf', import.meta.url).pathname);
const spec = model.extras.cameras[0]!;
let failed = false;
for (const compression of (compressions.length > 0 ? compressions : ['json']) as Compression[]) {
  const bridge = new RosBridge({
    url,
    dialect: 'ros1',
    compression,
    connectTimeoutMs: 5000,
    reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    cborFallbackMs: 1500,
    goalAcceptTimeoutMs: 5000,
    scheduler: asyncScheduler,
  });
  bridge.warnings$.subscribe((w) => console.log(`  warning: ${w}`));
  await bridge.connect();
  const camera = new RosDepthCamera(bridge, asyncScheduler, {
    name: spec.name,
    widthPx: spec.widthPx,
    heightPx: spec.heightPx,
    fovYRad: spec.fovYRad,
    source: { pointCloud: TOPIC },
    poseInWorld: () => makePose([0, 0, 0]),
    frameId: spec.link,
    captureTimeoutMs: 10_000,
  });
  try {
    const frame = await lastValueFrom(camera.captureDepth());
    let worstM = 0;
    let missing = 0;
    for (let v = 0; v < spec.heightPx; v++)
      for (let u = 0; u < spec.widthPx; u++) {
        const z = frame.depthM[v * spec.widthPx + u]!;
        if (!Number.isFinite(z)) missing++;
        else worstM = Math.max(worstM, Math.abs(z - (NEAR_M + SLOPE_M * v)));
      }
    const ok = missing === 0 && worstM < 1e-5;
    failed ||= !ok;
    console.log(
      `${compression}: ${ok ? 'ok' : 'FAILED'}, ${missing} pixels without depth, worst depth error ${worstM} m`,
    );
  } catch (error) {
    failed = true;
    console.log(`${compression}: FAILED: ${(error as Error).message}`);
  } finally {
    bridge.close();
  }
}
process.exit(failed ? 1 : 0);
