import { parquetWriteBuffer } from 'hyparquet-writer';

/** The writer's own schema element type (it pins its own hyparquet). */
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

/** A Parquet leaf type, as Arrow (and so pyarrow and HF datasets) names it. */
export type LeafType = 'float32' | 'float64' | 'int64' | 'bool' | 'string';

/** A column's type: a leaf, or a list of a type (`list<float>`, `list<list<list<double>>>`). */
export type ColumnType = LeafType | { readonly list: ColumnType };

/** One column: its name, type and one value per row (nested arrays for lists). */
export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly values: readonly unknown[];
}

const LEAVES: Readonly<Record<LeafType, Omit<SchemaElement, 'name'>>> = {
  float32: { type: 'FLOAT' },
  float64: { type: 'DOUBLE' },
  int64: { type: 'INT64' },
  bool: { type: 'BOOLEAN' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
};

/**
 * Schema elements of a nullable column the way pyarrow writes Arrow lists (three-level LIST groups with `list` and
 * `element`), so readers that map Parquet to Arrow see `list<float>` where pyarrow would.
 */
function columnSchema(name: string, type: ColumnType): SchemaElement[] {
  if (typeof type === 'string') return [{ name, repetition_type: 'OPTIONAL', ...LEAVES[type] }];
  const inner = columnSchema('element', type.list);
  return [
    { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    ...inner,
  ];
}

/** The bytes of a Parquet file of `columns` (Snappy), one row group per entry of `rowGroupSizes` when given. */
export function parquetTable(
  columns: readonly TableColumn[],
  options: { readonly rowGroupSizes?: readonly number[]; readonly kvMetadata?: Record<string, string> } = {},
): Uint8Array {
  const schema: SchemaElement[] = [
    { name: 'schema', num_children: columns.length },
    ...columns.flatMap((c) => columnSchema(c.name, c.type)),
  ];
  const buffer = parquetWriteBuffer({
    schema,
    columnData: columns.map((c) => ({ name: c.name, data: c.values.map((v) => encodeValue(c.type, v)) })),
    ...(options.rowGroupSizes === undefined || options.rowGroupSizes.length === 0
      ? {}
      : { rowGroupSize: [...options.rowGroupSizes] }),
    ...(options.kvMetadata === undefined
      ? {}
      : { kvMetadata: Object.entries(options.kvMetadata).map(([key, value]) => ({ key, value })) }),
    createdBy: 'embody record',
  });
  return new Uint8Array(buffer);
}

/** Integers of INT64 columns as bigint, which the writer's plain encoding takes, at any list depth. */
function encodeValue(type: ColumnType, value: unknown): unknown {
  if (typeof type !== 'string')
    return Array.isArray(value) ? value.map((v: unknown) => encodeValue(type.list, v)) : value;
  return type === 'int64' && typeof value === 'number' ? BigInt(value) : value;
}
