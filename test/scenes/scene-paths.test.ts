import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../apps/cli/run-command.ts';
import { loadScene } from '../../scenes/load-scene.ts';
import { loadUrdf } from '../../src/kinematics/urdf-parser.ts';

// Paths in a scene file stay inside the scene's folder (or the bundled robots, or an explicit --allow-path): for
// URDFs, meshes and the mesh files a URDF names, as written, through `..`, and through symlinks.

const ROOT = new URL('../..', import.meta.url).pathname;
const CUBE = join(ROOT, 'test/fixtures/scenes/cube.obj');

/** A scene folder with a cube mesh, and a sibling folder outside it holding another. */
function layout(): { dir: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'embody-scene-paths-'));
  const dir = join(base, 'scene');
  const outside = join(base, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(outside);
  copyFileSync(CUBE, join(dir, 'cube.obj'));
  copyFileSync(CUBE, join(outside, 'cube.obj'));
  return { dir, outside };
}

function scene(dir: string, body: string): string {
  const path = join(dir, 'scene.yaml');
  writeFileSync(path, `name: p\nfixtures:\n  - { id: floor, kind: floor }\n${body}`);
  return path;
}

const meshObject = (file: string): string =>
  `objects:\n  - { id: a, shape: { kind: mesh, file: ${file}, scale: 0.05 }, massKg: 1, pose: { position: [0, 0, 0.05] } }\n`;

const urdf = (meshFilename: string): string =>
  `<robot name="r"><link name="base"><visual><geometry><mesh filename="${meshFilename}"/></geometry></visual></link></robot>`;

describe('scene path confinement', () => {
  it('refuses a URDF path outside the folder without reading it', async () => {
    const { dir } = layout();
    const path = scene(dir, 'robots:\n  - { id: r, urdf: /etc/shadow }\n');
    const failure = loadScene(path);
    await expect(failure).rejects.toThrow(
      `${path}: robots[0].urdf: urdf "/etc/shadow" resolves to /etc/shadow, outside the allowed folders`,
    );
    await expect(failure).rejects.not.toThrow(/is not expected|line 1, column 1/);
  });

  it('refuses a mesh path that climbs out with .., and one that is a symlink out', async () => {
    const { dir, outside } = layout();
    await expect(loadScene(scene(dir, meshObject('../elsewhere/cube.obj')))).rejects.toThrow(
      /objects\[0\]\.shape\.file: mesh "\.\.\/elsewhere\/cube\.obj" resolves to .*elsewhere\/cube\.obj, outside the allowed folders .*--allow-path/,
    );
    symlinkSync(join(outside, 'cube.obj'), join(dir, 'link.obj'));
    await expect(loadScene(scene(dir, meshObject('link.obj')))).rejects.toThrow(
      /objects\[0\]\.shape\.file: mesh "link\.obj" \(through a symlink\) resolves to .*elsewhere\/cube\.obj, outside/,
    );
  });

  it('allows a folder named with allowPaths (the CLI --allow-path)', async () => {
    const { dir, outside } = layout();
    const loaded = await loadScene(scene(dir, meshObject('../elsewhere/cube.obj')), { allowPaths: [outside] });
    expect(loaded.objects[0]!.shape.kind).toBe('mesh');
  });

  it('embody run --allow-path lets a scene name a folder outside its own', async () => {
    const { dir, outside } = layout();
    const path = scene(dir, meshObject('../elsewhere/cube.obj'));
    const output = { text: '', write: (t: string) => void (output.text += t) };
    const io = { stdout: { write: () => {} }, stderr: output, cwd: dir };
    const demo = join(ROOT, 'tasks/demo.yaml');
    expect(await runCommand([demo, '--backend', 'double', '--scene', path], io)).toBe(2);
    expect(output.text).toMatch(/objects\[0\]\.shape\.file: mesh "\.\.\/elsewhere\/cube\.obj" resolves to .* outside/);
    expect(
      await runCommand([demo, '--backend', 'double', '--scene', path, '--allow-path', outside, '--limit-s', '5'], io),
    ).toBe(0);
  });

  it('refuses mesh files a URDF names outside the folders: package://, file://, .. and other URLs', async () => {
    const { dir } = layout();
    for (const [name, filename] of [
      ['pkg', 'package://etc/shadow'],
      ['file', 'file:///etc/passwd'],
      ['up', '../../../../../../etc/passwd'],
      ['http', 'http://example.com/arm.stl'],
    ] as const) {
      writeFileSync(join(dir, `${name}.urdf`), urdf(filename));
      await expect(loadScene(scene(dir, `robots:\n  - { id: r, urdf: ${name}.urdf }\n`)), name).rejects.toThrow(
        /robots\[0\]\.urdf: .*\.urdf: link\[name="base"\]\/visual\/geometry\/mesh: mesh ".*"(: only package:\/\/ and file:\/\/ URLs are allowed| resolves to .* outside the allowed folders)/,
      );
    }
  });

  it('keeps the shipped scenes and their bundled robots loading, and a URDF used alone unconfined', async () => {
    await expect(loadScene(join(ROOT, 'scenes/retail-aisle.yaml'))).resolves.toMatchObject({
      name: expect.any(String),
    });
    const { dir } = layout();
    writeFileSync(join(dir, 'alone.urdf'), urdf('file:///opt/meshes/base.stl'));
    const model = await loadUrdf(join(dir, 'alone.urdf'));
    expect(model.links.get('base')?.visuals[0]?.geometry).toMatchObject({ filename: '/opt/meshes/base.stl' });
  });
});
