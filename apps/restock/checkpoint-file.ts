import { readFileSync } from 'node:fs';
import { SceneFileError } from '../../scenes/scene-error.ts';
import { validateYamlText } from '../../scenes/yaml-file.ts';
import { writeFileAtomic } from '../record/atomic-file.ts';
import { CheckpointSchema, type Checkpoint } from './checkpoint-schema.ts';

/**
 * Writes a checkpoint so that a crash at any moment leaves the previous one or this one, never part of one (temp
 * file, fsync, rename, fsync of the folder).
 */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileAtomic(path, `${JSON.stringify(checkpoint)}\n`);
}

/**
 * Reads and validates a checkpoint. Throws a `SceneFileError` naming the file (as `shownAs` gives it), the field and
 * the reason: unreadable, truncated or garbled JSON (with line and column), a field out of the schema (another format
 * or version included).
 */
export function readCheckpoint(path: string, shownAs = path): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SceneFileError(shownAs, '', `cannot read the checkpoint: ${(error as Error).message}`);
  }
  if (text.trim() === '') throw new SceneFileError(shownAs, '', 'the checkpoint is empty');
  return validateYamlText(text, shownAs, CheckpointSchema).value;
}
