import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { InfoSchema, type DatasetInfo } from '../../apps/record/lerobot-format.ts';

/** A Parquet file read back: rows (INT64 as numbers), row-group sizes, key-value metadata, top-level column types. */
export interface ParquetFile {
  readonly rows: Record<string, unknown>[];
  readonly rowGroups: number[];
  readonly kv: Record<string, string>;
  readonly columns: { readonly name: string; readonly type?: string; readonly list: boolean }[];
}

export async function readParquet(path: string): Promise<ParquetFile> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const rows = (await parquetReadObjects({ file })).map((row) => numbers(row) as Record<string, unknown>);
  const schema = parquetSchema(metadata);
  return {
    rows,
    rowGroups: metadata.row_groups.map((g) => Number(g.num_rows)),
    kv: Object.fromEntries((metadata.key_value_metadata ?? []).map((k) => [k.key, k.value ?? ''])),
    columns: schema.children.map((c) => ({
      name: c.element.name,
      ...(c.element.type === undefined ? {} : { type: c.element.type }),
      list: c.element.converted_type === 'LIST',
    })),
  };
}

function numbers(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbers);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbers(v)]));
  return value;
}

/** `meta/info.json`, validated by the zod schema of the v3.0 fields. */
export function readInfo(dir: string): DatasetInfo {
  return InfoSchema.parse(JSON.parse(readFileSync(join(dir, 'meta/info.json'), 'utf8')));
}

/** Every file under `dir` (relative paths, sorted), for byte-for-byte comparisons of two recordings. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** A silent or capturing stream for a command's io. */
export function textSink(): { write(text: string): boolean; text: string } {
  const sink = {
    text: '',
    write(text: string): boolean {
      sink.text += text;
      return true;
    },
  };
  return sink;
}
