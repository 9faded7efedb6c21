import { Topic, type Ros } from 'roslib';
import { filter, Observable, type Observable as Obs, type Subscription } from 'rxjs';
import {
  isProblemStatus,
  statusText,
  type Compression,
  type LinkStatus,
  type RosBridgeOptions,
} from './bridge-types.ts';
import { readRaw } from './raw-messages.ts';

/**
 * A subscription that has heard nothing this long after the link came up gets one warning, ms. A ROS 1 rosbridge
 * (0.11) reports a failed subscribe (an unknown type, a message package it cannot load) only in its own log, never
 * to the client, so silence is all a client can see.
 */
export const SILENT_TOPIC_WARN_MS = 5000;

/** What a topic subscription needs of the bridge. */
export interface TopicHost {
  readonly ros: Ros;
  readonly options: RosBridgeOptions;
  readonly status$: Obs<LinkStatus>;
  readonly connected: () => boolean;
  readonly warn: (text: string) => void;
}

/** A server subscription and how to end it. */
interface ServerSubscription {
  unsubscribe(): void;
}

/**
 * Messages on a topic as one server subscription: raw messages (typed arrays under CBOR), `cbor-raw` bytes decoded,
 * and the CBOR fallback: ROS 1 rosbridge 0.11 sends nothing at all under CBOR for messages with string arrays
 * (JointState names), so a CBOR subscription that stays silent while connected is tried again as JSON. An error the
 * server reports for the subscription (an unknown type, a message package it cannot load) is a warning naming the
 * topic: without it the topic would just stay silent.
 */
export function topicSubscription$(host: TopicHost, name: string, type: string): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const { options } = host;
    let compression = options.compression;
    let heard = false;
    let fellBack = false;
    let rawFailed = false; // warn once per subscription, not at 500 Hz
    let silentWarned = false;
    const onMessage = (message: unknown): void => {
      heard = true;
      // Under cbor-raw the server sends the message's own serialized bytes.
      if (compression === 'cbor-raw') {
        const bytes = (message as { bytes?: unknown }).bytes;
        let decoded: unknown;
        try {
          if (!(bytes instanceof Uint8Array))
            throw new Error(`no serialized bytes in the message (got ${typeof bytes})`);
          decoded = readRaw(options.dialect, type, bytes);
        } catch (error) {
          // roslib would swallow the throw: say once what is wrong, and drop the message.
          if (!rawFailed) host.warn(`${name}: cannot decode a cbor-raw ${type}: ${(error as Error).message}`);
          rawFailed = true;
          return;
        }
        subscriber.next(decoded);
        return;
      }
      subscriber.next(message);
    };
    let topic = subscribeTopic(host, name, type, compression, onMessage);
    let silence: Subscription | undefined;
    let quiet: Subscription | undefined;
    const watchSilence = (): void => {
      silence?.unsubscribe();
      quiet?.unsubscribe();
      if (!heard && !silentWarned)
        quiet = options.scheduler.schedule(() => {
          if (heard || !host.connected()) return;
          silentWarned = true;
          host.warn(
            `${name}: no ${type} message in ${SILENT_TOPIC_WARN_MS / 1000} s since subscribing; check the name and ` +
              `type, and that the server has the message package (a ROS 1 rosbridge logs a failed subscribe only on ` +
              `the server)`,
          );
        }, SILENT_TOPIC_WARN_MS);
      if (compression === 'json' || heard) return;
      silence = options.scheduler.schedule(() => {
        if (heard || !host.connected()) return;
        topic.unsubscribe();
        compression = 'json';
        fellBack = true;
        topic = subscribeTopic(host, name, type, compression, (message) => {
          if (fellBack) {
            fellBack = false;
            host.warn(
              `${name}: the server sent nothing under ${options.compression} in ${options.cborFallbackMs} ms ` +
                `but does under JSON (ROS 1 rosbridge 0.11 cannot encode string arrays in CBOR); using JSON for this topic`,
            );
          }
          onMessage(message);
        });
      }, options.cborFallbackMs);
    };
    const connected = host.status$.pipe(filter((s) => s === 'connected')).subscribe(watchSilence);
    return () => {
      connected.unsubscribe();
      silence?.unsubscribe();
      quiet?.unsubscribe();
      topic.unsubscribe();
    };
  });
}

function subscribeTopic(
  host: TopicHost,
  name: string,
  type: string,
  compression: Compression,
  handler: (m: unknown) => void,
): ServerSubscription {
  const topic = new Topic<unknown>({
    ros: host.ros,
    name,
    messageType: type,
    compression: compression === 'json' ? 'none' : compression,
  });
  topic.subscribe(handler);
  const unheard = watchStatus(host, topic.subscribeId, `subscribe ${name} (${type})`);
  return {
    unsubscribe: () => {
      unheard();
      topic.unsubscribe();
    },
  };
}

/**
 * Passes the server's error and warning statuses for one op (roslib emits a status with an id as `status:<id>`,
 * and nothing else listens) to the bridge's warnings. Returns how to stop listening.
 */
export function watchStatus(
  host: Pick<TopicHost, 'ros' | 'warn'>,
  id: string | null | undefined,
  what: string,
): () => void {
  if (id === null || id === undefined) return () => undefined;
  const event = `status:${id}`;
  const listener = (message: unknown): void => {
    if (isProblemStatus(message)) host.warn(`rosbridge: ${what}: ${statusText(message)}`);
  };
  host.ros.on(event as never, listener);
  return () => host.ros.off(event as never, listener);
}
