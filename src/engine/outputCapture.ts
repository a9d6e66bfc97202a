import { AsyncLocalStorage } from "node:async_hooks";

/** Which task (and whether its callback) the code running right now belongs to. */
export const currentTask = new AsyncLocalStorage<{ key: string; callback: boolean }>();

export type OutputSink = (text: string, stream: "stdout" | "stderr") => boolean;

/**
 * Routes this process's stdout and stderr writes through `sink`; when the sink returns false
 * the text goes to the real stream, which the returned writers reach directly. Tasks sharing a worker are told apart by `currentTask`.
 */
export function captureOutput(sink: OutputSink): Record<"stdout" | "stderr", (text: string) => boolean> {
  const originals = {
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  for (const stream of ["stdout", "stderr"] as const) {
    const target = process[stream];
    const write = originals[stream] as (...args: unknown[]) => boolean;
    const decode = utf8Decoders();
    target.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
      const context = currentTask.getStore();
      const text = decode(context && `${context.callback ? "callback" : "task"}:${context.key}`, chunk, encoding);
      if (!sink(text, stream)) return write(chunk, encoding, done);
      const callback = typeof encoding === "function" ? encoding : done;
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as typeof target.write;
  }
  return originals;
}

/**
 * Decodes what one stream is written, per writer (a task, a callback, the program): a write of
 * bytes may end inside a character (`€` is three bytes, a file piped in chunks splits them
 * anywhere), so its last incomplete character waits for the writer's next write instead of
 * becoming U+FFFD. Writers are kept apart so that one's half character never joins another's.
 */
function utf8Decoders(): (writer: string | undefined, chunk: unknown, encoding: unknown) => string {
  const pending = new Map<string | undefined, Buffer>();
  return (writer, chunk, encoding) => {
    const held = pending.get(writer);
    if (typeof chunk === "string") {
      const text =
        typeof encoding === "string" && encoding !== "utf8" && encoding !== "utf-8"
          ? Buffer.from(chunk, encoding as BufferEncoding).toString("utf8")
          : chunk;
      if (!held) return text;
      // Text cannot complete a character begun in bytes: what was held is shown as the broken bytes it is.
      pending.delete(writer);
      return held.toString("utf8") + text;
    }
    const bytes = held ? Buffer.concat([held, chunk as Uint8Array]) : Buffer.from(chunk as Uint8Array);
    const complete = completeUtf8Length(bytes);
    if (complete < bytes.length) pending.set(writer, bytes.subarray(complete));
    else pending.delete(writer);
    return bytes.toString("utf8", 0, complete);
  };
}

/** How many leading bytes end on a character boundary: all but an incomplete sequence at the end. */
export function completeUtf8Length(bytes: Uint8Array): number {
  // A character is at most four bytes, so only the last three can begin an unfinished one.
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const needs = byte >= 0xf8 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Whatever records a callback's output: the engine running the call, if any. */
export interface CallbackOutputSink {
  callbackOutput(key: string, text: string): void;
}

/**
 * Captures the output of a process that coordinates runs. What a callback writes (`currentTask`
 * says so; callbacks run here, not in workers) becomes that call's callback output, recorded by
 * the engine `engine()` returns. `decide` then rules on every write, a callback's too: true keeps
 * it from the real stream, false lets it through.
 */
export function captureCallbackOutput(
  engine: () => CallbackOutputSink | undefined,
  decide: (text: string, stream: "stdout" | "stderr", fromCallback: boolean) => boolean,
): Record<"stdout" | "stderr", (text: string) => boolean> {
  return captureOutput((text, stream) => {
    const context = currentTask.getStore();
    if (context?.callback) engine()?.callbackOutput(context.key, text);
    return decide(text, stream, context?.callback === true);
  });
}
