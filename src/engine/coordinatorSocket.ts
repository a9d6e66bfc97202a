/**
 * The coordinator's second way to reach its client: a local socket (a named pipe on Windows)
 * instead of fork's IPC channel. A process someone else launches (VS Code's JavaScript
 * debugger starts the coordinator of a debug run) has no IPC channel to us, so the client
 * listens, passes the address and a secret in the coordinator's environment, and the
 * coordinator connects back. The messages are the same CoordinatorRequest / CoordinatorReply,
 * with the same structured-clone meaning (see messageFrames.ts).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFrame, FrameReader, MAX_FRAME_BYTES } from "./messageFrames";

const HELLO_MAX_BYTES = 4096;
const HELLO_WITHIN_MS = 30_000;

/** Where the coordinator connects to, and the secret it proves it is the one launched for this run with. */
export const COORDINATOR_ADDRESS_ENV = "SEMISYNC_COORDINATOR_ADDRESS";
export const COORDINATOR_SECRET_ENV = "SEMISYNC_COORDINATOR_SECRET";

/** The coordinator's first message on the socket: who it is, before any reply. */
export interface Hello {
  type: "hello";
  secret: string;
  pid: number;
}

/** Whole messages over a socket, in both directions. */
export class MessageSocket extends EventEmitter<{ message: [unknown]; close: [] }> {
  private readonly reader: FrameReader;

  constructor(
    readonly socket: Socket,
    maxFrameBytes?: number,
  ) {
    super();
    this.reader = new FrameReader(maxFrameBytes);
    socket.on("data", (piece: Buffer) => {
      let messages: unknown[];
      try {
        messages = this.reader.push(piece);
      } catch {
        // Bytes that are no message of ours (or one longer than allowed): this is not our peer.
        return this.close();
      }
      for (const message of messages) this.emit("message", message);
    });
    socket.on("close", () => this.emit("close"));
    socket.on("error", () => {
      // 'close' follows; what the peer did not hear is the run's end, reported there.
    });
  }

  /** The longest message to accept from now on. */
  allowFrames(maxFrameBytes: number): void {
    this.reader.maxFrameBytes = maxFrameBytes;
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** `done` is called once the message is handed to the system, or at once when the socket is closed. */
  send(message: unknown, done?: () => void): void {
    if (!this.open) return done?.();
    this.socket.write(encodeFrame(message), () => done?.());
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The client's end: listens on a fresh address for the one coordinator that knows the secret. */
export class CoordinatorListener {
  readonly address = socketAddress();
  readonly secret = randomUUID();
  /** Resolves once the coordinator has connected and said the secret, with its process id. */
  readonly connected: Promise<{ socket: MessageSocket; pid: number }>;
  /** Resolves once listening: the environment a launcher gives the coordinator. */
  readonly listening: Promise<Record<string, string>>;
  private readonly server: Server;

  constructor() {
    let accept!: (connection: { socket: MessageSocket; pid: number }) => void;
    this.connected = new Promise((resolve) => (accept = resolve));
    this.server = createServer((raw) => {
      // Until it has said the secret, a peer may send only a hello, and soon.
      const socket = new MessageSocket(raw, HELLO_MAX_BYTES);
      const unanswered = setTimeout(() => socket.close(), HELLO_WITHIN_MS);
      socket.once("close", () => clearTimeout(unanswered));
      socket.once("message", (hello) => {
        clearTimeout(unanswered);
        const { type, secret, pid } = (hello ?? {}) as Partial<Hello>;
        if (type !== "hello" || secret !== this.secret || typeof pid !== "number") return socket.close();
        // One coordinator per run: nobody else is let in after it.
        this.close();
        socket.allowFrames(MAX_FRAME_BYTES);
        accept({ socket, pid });
      });
    });
    this.listening = new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.address, () =>
        resolve({ [COORDINATOR_ADDRESS_ENV]: this.address, [COORDINATOR_SECRET_ENV]: this.secret }),
      );
    });
  }

  /** Stops listening (a Unix socket's file is removed); a connection already made stays open. */
  close(): void {
    if (this.server.listening) this.server.close();
  }
}

/** The coordinator's end: connects to the address in its environment, if it has one, and says who it is. */
export function connectToClient(env: NodeJS.ProcessEnv = process.env): MessageSocket | undefined {
  const address = env[COORDINATOR_ADDRESS_ENV];
  if (!address) return undefined;
  const secret = env[COORDINATOR_SECRET_ENV] ?? "";
  // Workers and whatever the user's tasks start inherit this environment: the secret stops here.
  delete env[COORDINATOR_SECRET_ENV];
  const socket = new MessageSocket(connect(address));
  socket.send({ type: "hello", secret, pid: process.pid } satisfies Hello);
  return socket;
}

function socketAddress(): string {
  const name = `semisync-${randomUUID()}`;
  return process.platform === "win32" ? `\\\\.\\pipe\\${name}` : join(tmpdir(), `${name}.sock`);
}
