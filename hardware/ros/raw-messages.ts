import { ros1, ros2humble } from '@foxglove/rosmsg-msgs-common';
import { MessageReader as Ros1Reader, MessageWriter as Ros1Writer } from '@foxglove/rosmsg-serialization';
import { MessageReader as Ros2Reader, MessageWriter as Ros2Writer } from '@foxglove/rosmsg2-serialization';
import { canonicalType, type RosDialect } from './dialect.ts';

/**
 * ROS's own wire format, for rosbridge's `cbor-raw` compression: the server sends each message as its serialized
 * bytes (ROS 1 serialization, or CDR in ROS 2) inside CBOR, and the client decodes them against the standard
 * message definitions (Foxglove's common definitions and serializers, so no definition is written out here).
 */
type MessageDefinition = (typeof ros1)['sensor_msgs/JointState'];
type Definitions = Readonly<Record<string, MessageDefinition>>;

const DEFINITIONS: Readonly<Record<RosDialect, Definitions>> = {
  ros1,
  ros2: ros2humble,
};

/** The message definition of `type` followed by every type it uses, as the serializers want them. */
function definitionsOf(dialect: RosDialect, type: string): MessageDefinition[] {
  const all = DEFINITIONS[dialect];
  const out: MessageDefinition[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const definition = all[name];
    if (definition === undefined) throw new Error(`no ${dialect} definition of ${name} for cbor-raw`);
    out.push(name === type ? { ...definition, name: undefined } : definition);
    for (const field of definition.definitions) if (field.isComplex === true) visit(field.type);
  };
  visit(type);
  return out;
}

const readers = new Map<string, (bytes: Uint8Array) => unknown>();
const writers = new Map<string, (message: unknown) => Uint8Array>();

/** Decodes a message's raw bytes (`cbor-raw`); times come back as either dialect writes them. */
export function readRaw(dialect: RosDialect, type: string, bytes: Uint8Array): unknown {
  const key = `${dialect}:${canonicalType(type)}`;
  let read = readers.get(key);
  if (read === undefined) {
    const definitions = definitionsOf(dialect, canonicalType(type));
    if (dialect === 'ros1') {
      const reader = new Ros1Reader(definitions);
      read = (b) => reader.readMessage(b);
    } else {
      const reader = new Ros2Reader(definitions, { timeType: 'sec,nanosec' });
      read = (b) => reader.readMessage(b);
    }
    readers.set(key, read);
  }
  return read(bytes);
}

/** Serializes a message the way a ROS node would (for `embody serve`'s `cbor-raw` subscriptions). */
export function writeRaw(dialect: RosDialect, type: string, message: unknown): Uint8Array {
  const key = `${dialect}:${canonicalType(type)}`;
  let write = writers.get(key);
  if (write === undefined) {
    const definitions = definitionsOf(dialect, canonicalType(type));
    if (dialect === 'ros1') {
      const writer = new Ros1Writer(definitions);
      // The serializer takes times as { sec, nsec }; rosbridge's JSON writes { secs, nsecs }.
      write = (m) => writer.writeMessage(ros1Times(m));
    } else {
      const writer = new Ros2Writer(definitions);
      write = (m) => writer.writeMessage(m);
    }
    writers.set(key, write);
  }
  return write(message);
}

function ros1Times(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(ros1Times);
  const o = value as Record<string, unknown>;
  if (typeof o.secs === 'number' && typeof o.nsecs === 'number' && Object.keys(o).length === 2)
    return { sec: o.secs, nsec: o.nsecs };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ros1Times(v)]));
}
