import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileAtomic } from './atomic-write.ts';
import { PARQUET_COLUMNS } from './dataset-schema.ts';
import type { SampleRow } from './sample-rows.ts';

/** One object's rows for the index. */
export interface IndexPart {
  readonly object: string;
  readonly h5File: string;
  readonly rows: readonly SampleRow[];
}

/** Writes the Parquet index of every sample across objects (one row per grasp), atomically. */
export function writeParquetIndex(path: string, parts: readonly IndexPart[], createdBy: string): void {
  const columnData = PARQUET_COLUMNS.map((column) => ({
    name: column.name,
    type: column.type,
    data: parts.flatMap((part) => part.rows.map((row) => column.value(row, part.object, part.h5File))),
  }));
  const buffer = parquetWriteBuffer({ columnData, createdBy });
  writeFileAtomic(path, new Uint8Array(buffer));
}
