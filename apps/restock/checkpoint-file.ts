import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SceneFileError } from '../../scenes/scene-error.ts';
import { validateYamlText } from '../../scenes/yaml-file.ts';
import { writeFileAtomic } from '../record/atomic-file.ts';
import { CheckpointSchema, type Checkpoint } from './checkpoint-schema.ts';

/** The embody checkout this code runs from: a planogram among its files is saved relative to it. */
const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The planogram path as a checkpoint keeps it: relative (with `/`) when the file is part of this checkout, such as
 * the bundled `scenes/store-planogram.yaml`, so another checkout (a later commit, another machine) resumes with its
 * own copy; absolute otherwise.
 */
export function savedPlanogramPath(path: string): string {
  const rel = relative(CHECKOUT, resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return resolve(path);
  return rel.split(sep).join('/');
}

/** The planogram file a checkpoint names, as a path here: a relative one is in this checkout. */
export function loadedPlanogramPath(saved: string): string {
  return isAbsolute(saved) ? saved : resolve(CHECKOUT, saved);
}

/**
 * Writes a checkpoint so that a crash at any moment leaves the previous one or this one, never part of one (temp
 * file, fsync, rename, fsync of the folder).
 */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const options = { ...checkpoint.options, planogramPath: savedPlanogramPath(checkpoint.options.planogramPath) };
  writeFileAtomic(path, `${JSON.stringify({ ...checkpoint, options })}\n`);
}

/**
 * Reads and validates a checkpoint. Throws a `SceneFileError` naming the file (as `shownAs` gives it), the field and
 * the reason: unreadable, truncated or garbled JSON (with line and column), a field out of the schema (another format
 * or version included). The planogram path comes back as a path here (`loadedPlanogramPath`).
 */
export function readCheckpoint(path: string, shownAs = path): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SceneFileError(shownAs, '', `cannot read the checkpoint: ${(error as Error).message}`);
  }
  if (text.trim() === '') throw new SceneFileError(shownAs, '', 'the checkpoint is empty');
  const checkpoint = validateYamlText(text, shownAs, CheckpointSchema).value;
  const options = { ...checkpoint.options, planogramPath: loadedPlanogramPath(checkpoint.options.planogramPath) };
  return { ...checkpoint, options };
}
