import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RosDialect } from '../../hardware/ros/dialect.ts';
import { ClientSession } from './client-session.ts';
import type { RosGraph } from './ros-graph.ts';

export interface RosbridgeServerOptions {
  readonly graph: RosGraph;
  readonly dialect: RosDialect;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Messages above this size get an error status (default 16 MiB). */
  readonly maxMessageBytes?: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** The socket itself refuses frames past this; below it, oversized messages still get a status message back. */
const SOCKET_MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

/**
 * A rosbridge v2 server on 127.0.0.1 (built on `ws`): one `ClientSession` per connection over a shared
 * `RosGraph`. Only loopback is served: the robot it exposes takes motion commands, which have no business on a
 * network without the site's own access control in front.
 */
export class RosbridgeServer {
  private readonly sessions = new Set<ClientSession>();
  private nextClient = 1;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  static async start(options: RosbridgeServerOptions): Promise<RosbridgeServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port, maxPayload: SOCKET_MAX_PAYLOAD_BYTES });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const server = new RosbridgeServer(wss, (wss.address() as AddressInfo).port);
    wss.on('connection', (socket) => server.accept(socket, options));
    return server;
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, options: RosbridgeServerOptions): void {
    const session = new ClientSession(this.nextClient++, socket, options.graph, {
      dialect: options.dialect,
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    this.sessions.add(session);
    socket.on('message', (data, isBinary) => session.receive(toBuffer(data), isBinary));
    socket.on('close', () => {
      this.sessions.delete(session);
      session.close();
    });
    // A socket error (a client that vanished mid-frame) ends that session only.
    socket.on('error', () => socket.terminate());
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
