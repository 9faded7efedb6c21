import { parseScene } from '../../scenes/parse-scene.ts';
import { SceneFileError } from '../../scenes/scene-error.ts';

/** The `SceneFileError` parsing `text` throws; fails the test when it throws nothing or something else. */
export function errorOf(text: string, file = 'scenes/bad.yaml'): SceneFileError {
  try {
    parseScene(text, file);
  } catch (e) {
    if (e instanceof SceneFileError) return e;
    throw e;
  }
  throw new Error('expected a SceneFileError');
}
