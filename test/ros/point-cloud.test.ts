import { join } from 'node:path';
import { decode as decodeCbor } from 'cbor-x';
import { lastValueFrom } from 'rxjs';
import { Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { HardwareFault } from '../../hardware/common.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import type { ResolvedScene } from '../../scenes/schema.ts';
import { depthToPointCloud } from '../../src/perception/point-cloud.ts';
import { ROOT, serveRobot, startServe, type ServeProcess } from './serve-process.ts';

// The head camera's depth as sensor_msgs/PointCloud2 through a real `embody serve` child: the raw message's layout
// on the wire in both encodings, the points read back by the ROS camera lying on the scene's known geometry, and
// malformed clouds (published by a client through the same server) refused with the topic and field named.
const SCENE = 'test/ros/fixtures/camera-table.yaml';
const CLOUD_TOPIC = '/head_camera/depth/points';
/** Ray-cast depth is exact; what is left is float32 points and the camera pose from joint states and odometry. */
const SURFACE_TOLERANCE_M = 0.003;

type Message = Record<string, unknown>;

/** Opens a raw socket, subscribes to a topic in an encoding and resolves with the first message on it. */
async function firstOnTopic(url: string, topic: string, compression: 'none' | 'cbor'): Promise<Message> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const received = new Promise<Message>((resolve) =>
      socket.on('message', (data: Buffer, binary) => {
        const message = (binary ? decodeCbor(data) : JSON.parse(data.toString())) as Message;
        if (message.op === 'publish' && message.topic === topic) resolve(message.msg as Message);
      }),
    );
    socket.send(JSON.stringify({ op: 'subscribe', topic, compression }));
    return await received;
  } finally {
    socket.close();
  }
}

/** Publishes a message on a topic every 50 ms from a raw client until the returned function is called. */
async function publishing(url: string, topic: string, message: Message): Promise<() => void> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ op: 'advertise', topic, type: 'sensor_msgs/msg/PointCloud2' }));
  const timer = setInterval(() => socket.send(JSON.stringify({ op: 'publish', topic, msg: message })), 50);
  return () => {
    clearInterval(timer);
    socket.close();
  };
}

/** A little-endian xyz cloud body of `width` points, with the layout fields given. */
function rawCloud(layout: { pointStep: number; rowStep: number; dataBytes: number }): Message {
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'head_camera_optical' },
    height: 1,
    width: 4,
    fields: ['x', 'y', 'z'].map((name, i) => ({ name, offset: 4 * i, datatype: 7, count: 1 })),
    is_bigendian: false,
    point_step: layout.pointStep,
    row_step: layout.rowStep,
    data: Buffer.alloc(layout.dataBytes).toString('base64'),
    is_dense: true,
  };
}

describe('the depth camera as sensor_msgs/PointCloud2 through embody serve', () => {
  let serve: ServeProcess;
  let scene: ResolvedScene;
  beforeAll(async () => {
    [serve, scene] = await Promise.all([startServe({ dialect: 'ros2', scene: SCENE }), loadScene(join(ROOT, SCENE))]);
  }, 60_000);
  afterAll(async () => {
    await serve.stop();
  });

  it.each(['none', 'cbor'] as const)(
    'lays the cloud out as the message definition says (%s)',
    async (compression) => {
      const msg = await firstOnTopic(serve.url, CLOUD_TOPIC, compression);
      expect((msg.header as Message).frame_id).toBe('head_camera_optical');
      expect(msg.fields).toEqual([
        { name: 'x', offset: 0, datatype: 7, count: 1 },
        { name: 'y', offset: 4, datatype: 7, count: 1 },
        { name: 'z', offset: 8, datatype: 7, count: 1 },
      ]);
      expect(msg).toMatchObject({ height: 120, width: 160, point_step: 16, row_step: 160 * 16, is_dense: false });
      expect(msg.is_bigendian).toBe(false);
      // rosbridge's way with uint8[]: base64 text in JSON, a byte string in CBOR.
      const bytes =
        compression === 'none' ? Buffer.from(msg.data as string, 'base64') : Buffer.from(msg.data as Uint8Array);
      if (compression === 'none') expect(typeof msg.data).toBe('string');
      else expect(msg.data).toBeInstanceOf(Uint8Array);
      expect(bytes.byteLength).toBe(160 * 16 * 120);
    },
    30_000,
  );

  it.each(['json', 'cbor'] as const)(
    'reads points on the table top and the box where the scene puts them (%s)',
    async (compression) => {
      const { robot, cleanup } = await serveRobot(
        serve.url,
        'ros2',
        { compression, cameras: { head_camera: { pointCloud: CLOUD_TOPIC } } },
        'wheeled-humanoid.urdf',
        'picker',
      );
      try {
        await robot.connect();
        const frame = await lastValueFrom(robot.parts.cameras[0]!.captureDepth());
        const points = depthToPointCloud(frame);

        const table = scene.fixtures.find((f) => f.id === 'table')!;
        if (table.kind !== 'table') throw new Error('the fixture scene has a table');
        const box = scene.objects.find((o) => o.id === 'box')!;
        if (box.shape.kind !== 'box') throw new Error('the fixture scene has a box');
        const [halfX, halfY] = [table.topSizeM[0] / 2, table.topSizeM[1] / 2];
        const boxHalfM = box.shape.sizeM.map((s) => s / 2);
        const boxTopM = box.poseInWorld.position.z + boxHalfM[2]!;
        const toBox = box.poseInWorld.quaternion.clone().invert();
        const camera = frame.cameraPoseInWorld.position;
        const onTop: number[] = [];
        const aboveTable: Vector3[] = [];
        for (let i = 0; i < points.length; i += 3) {
          const p = new Vector3(points[i], points[i + 1], points[i + 2]);
          if (Math.hypot(p.x - box.poseInWorld.position.x, p.y - box.poseInWorld.position.y) < 0.1) {
            if (p.z > table.heightM + 0.01) aboveTable.push(p);
            continue;
          }
          // Where this pixel's ray crosses the top's plane: inside the top (3 cm in from its edges, where the top's
          // own edge faces are) it must end there. Rays that pass the near edge lower see the floor under the table.
          const t = (table.heightM - camera.z) / (p.z - camera.z);
          if (!(t > 0)) continue;
          const crossing = camera.clone().lerp(p, t).sub(table.poseInWorld.position);
          if (Math.abs(crossing.x) < halfX - 0.03 && Math.abs(crossing.y) < halfY - 0.03) onTop.push(p.z);
        }
        expect(onTop.length).toBeGreaterThan(3000);
        expect(Math.max(...onTop.map((z) => Math.abs(z - table.heightM)))).toBeLessThan(SURFACE_TOLERANCE_M);

        // What stands up from the table near the box is the box: inside its footprint, no higher than its top.
        expect(aboveTable.length).toBeGreaterThan(100);
        for (const p of aboveTable) {
          const inBox = p.clone().sub(box.poseInWorld.position).applyQuaternion(toBox);
          expect(Math.abs(inBox.x)).toBeLessThan(boxHalfM[0]! + SURFACE_TOLERANCE_M);
          expect(Math.abs(inBox.y)).toBeLessThan(boxHalfM[1]! + SURFACE_TOLERANCE_M);
          expect(p.z).toBeLessThan(boxTopM + SURFACE_TOLERANCE_M);
        }
        // Its top face, seen whole, is centred on the box's pose.
        const top = aboveTable.filter((p) => p.z > boxTopM - SURFACE_TOLERANCE_M);
        expect(top.length).toBeGreaterThan(50);
        const centre = top.reduce((sum, p) => sum.add(p), new Vector3()).divideScalar(top.length);
        expect(Math.hypot(centre.x - box.poseInWorld.position.x, centre.y - box.poseInWorld.position.y)).toBeLessThan(
          0.01,
        );
      } finally {
        await robot.disconnect();
        cleanup();
      }
    },
    60_000,
  );

  it.each([
    { what: 'a point_step too short for z', layout: { pointStep: 8, rowStep: 32, dataBytes: 32 }, field: 'point_step' },
    {
      what: 'data shorter than row_step × height',
      layout: { pointStep: 16, rowStep: 64, dataBytes: 60 },
      field: 'data',
    },
  ])(
    'refuses $what, naming the topic and the field',
    async ({ layout, field }) => {
      const topic = '/bad_camera/points';
      const stop = await publishing(serve.url, topic, rawCloud(layout));
      const { robot, cleanup } = await serveRobot(
        serve.url,
        'ros2',
        { cameras: { head_camera: { pointCloud: topic } } },
        'wheeled-humanoid.urdf',
        'picker',
      );
      try {
        await robot.connect();
        const error = await lastValueFrom(robot.parts.cameras[0]!.captureDepth()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(HardwareFault);
        expect((error as HardwareFault).code).toBe('driver-error');
        expect((error as Error).message).toContain(`camera/head_camera: ${topic}: ${field}`);
      } finally {
        stop();
        await robot.disconnect();
        cleanup();
      }
    },
    60_000,
  );
});
