import { Decoder } from 'cbor-x';
import { AbstractTransport, type ITransportFactory } from 'roslib';
import { WebSocket, type RawData } from 'ws';

/**
 * roslib's socket, with CBOR decoded by cbor-x. roslib's own transport decodes CBOR with cbor2, which allocates
 * enough per message that a 500 Hz CBOR topic keeps the collector busy: its pauses were the CBOR latency tail
 * (p99 tens to hundreds of ms, against 1-5 ms for the same messages as JSON; `bench/ros-bridge.ts` measures both).
 * Typed arrays (RFC 8746 tags) and byte strings decode to the same typed arrays either way. Everything after the
 * decode (fragments, PNG, dispatch) is still roslib's.
 */
class WsTransport extends AbstractTransport {
  private readonly cbor = new Decoder({ mapsAsObjects: true, useRecords: false });

  constructor(private readonly socket: WebSocket) {
    super();
    socket.on('open', (event: unknown) => this.emit('open', event));
    socket.on('close', (event: unknown) => this.emit('close', event));
    socket.on('error', (event: unknown) => this.emit('error', event));
    socket.on('message', (data: RawData, binary: boolean) => this.receive(data, binary));
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  close(): void {
    this.socket.close();
  }

  isConnecting(): boolean {
    return this.socket.readyState === WebSocket.CONNECTING;
  }

  isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  isClosing(): boolean {
    return this.socket.readyState === WebSocket.CLOSING;
  }

  isClosed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  private receive(data: RawData, binary: boolean): void {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!binary) {
      this.handleRawMessage(bytes.toString('utf8'));
      return;
    }
    let message: unknown;
    try {
      message = this.cbor.decode(bytes);
    } catch (error) {
      this.emit('error', error);
      return;
    }
    // A decoded object goes through roslib's handling as it stands.
    this.handleRawMessage(message);
  }
}

/** A roslib transport factory over `ws` with cbor-x decoding. */
export const wsTransportFactory: ITransportFactory = (url) => Promise.resolve(new WsTransport(new WebSocket(url)));
