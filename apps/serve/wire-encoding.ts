import { Encoder } from 'cbor-x';

/**
 * How messages travel to a client. Drivers build messages with typed arrays for ROS numeric arrays
 * (`Float64Array` for `float64[]`, `Uint8Array` for `uint8[]`); each encoding writes them the way rosbridge does:
 * JSON as plain arrays with byte arrays in base64, CBOR with RFC 8746 typed-array tags and byte strings.
 */
export type WireEncoding = 'json' | 'cbor';

const cbor = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: true });

/** JSON text of a protocol message (typed arrays as arrays, bytes as base64, NaN as null). */
export function toJson(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Uint8Array)
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    if (ArrayBuffer.isView(value) && !(value instanceof DataView))
      return Array.from(value as unknown as ArrayLike<number>);
    return value;
  });
}

/** CBOR bytes of a protocol message. */
export function toCbor(message: unknown): Uint8Array {
  return cbor.encode(message);
}

/** A protocol message in an encoding. */
export function encode(message: unknown, encoding: WireEncoding): string | Uint8Array {
  return encoding === 'json' ? toJson(message) : toCbor(message);
}
