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
    target.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      if (!sink(text, stream)) return write(chunk, encoding, done);
      const callback = typeof encoding === "function" ? encoding : done;
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as typeof target.write;
  }
  return originals;
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
