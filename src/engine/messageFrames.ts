/**
 * Messages over a byte stream (a socket), with the meaning fork's "advanced" IPC gives them:
 * each is a structured clone (v8.serialize), so Maps, Sets, Dates and typed arrays arrive as
 * they were sent; a 4-byte length before each tells where one ends and the next begins.
 */
import { deserialize, serialize } from "node:v8";

const LENGTH_BYTES = 4;
/** Far above any batch of events (a string in V8 is at most 512 MB), far below what would exhaust memory. */
export const MAX_FRAME_BYTES = 1024 * 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = serialize(message);
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, LENGTH_BYTES);
  return frame;
}

/** Joins the pieces a stream delivers into whole messages, however they were cut. */
export class FrameReader {
  private pieces: Buffer[] = [];
  private bytes = 0;
  /** Bytes needed before the next message can be read: pieces are joined only then, so a long message costs one copy. */
  private needed = LENGTH_BYTES;

  constructor(public maxFrameBytes = MAX_FRAME_BYTES) {}

  /** The messages this piece completes, in order; a partial one waits for the pieces after it. Throws on bytes that are no message. */
  push(piece: Buffer): unknown[] {
    this.pieces.push(piece);
    this.bytes += piece.length;
    if (this.bytes < this.needed) return [];
    const buffer = this.pieces.length === 1 ? piece : Buffer.concat(this.pieces, this.bytes);
    const messages: unknown[] = [];
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < LENGTH_BYTES) {
        this.needed = LENGTH_BYTES;
        break;
      }
      const length = buffer.readUInt32BE(offset);
      if (length > this.maxFrameBytes)
        throw new Error(`a message of ${length} bytes is longer than the ${this.maxFrameBytes} allowed`);
      const end = offset + LENGTH_BYTES + length;
      if (buffer.length < end) {
        this.needed = end - offset;
        break;
      }
      messages.push(deserialize(buffer.subarray(offset + LENGTH_BYTES, end)));
      offset = end;
    }
    const rest = buffer.subarray(offset);
    this.pieces = rest.length > 0 ? [rest] : [];
    this.bytes = rest.length;
    return messages;
  }
}
