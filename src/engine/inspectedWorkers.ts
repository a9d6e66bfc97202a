/**
 * Workers under a debugger (`semisync run --inspect`): the Node flag each is forked with, and
 * Node's inspector messages taken out of the worker's stderr, which would otherwise become task
 * output, and said to the person once, with the worker they belong to.
 */
export interface InspectOptions {
  host: string;
  /** 0: a free port each; otherwise worker N listens on port + N (the coordinator has the port itself). */
  port: number;
  /** Each worker waits for a debugger to attach before it loads any of the user's modules. */
  wait: boolean;
}

/**
 * In a worker's environment when it must wait for a debugger before it loads any user module. The
 * worker waits itself (worker.ts), not through Node's --inspect-wait: Node's wait comes before any
 * of the worker's code, so a worker whose parent was killed meanwhile would wait for ever.
 */
export const INSPECT_WAIT_ENV = "SEMISYNC_INSPECT_WAIT";

export interface InspectedWorker {
  execArgv: string[];
  env: NodeJS.ProcessEnv;
  /** The text without Node's inspector lines. */
  stderr(pid: number | undefined, text: string): string;
}

/** What Node itself writes to a process's stderr about its inspector, one line each. */
const INSPECTOR_LINE =
  /^(?:Debugger listening on (ws:\/\/\S+)|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector|Debugger attached\.|Debugger ending on \S+|Waiting for the debugger to disconnect\.\.\.|(Starting inspector on \S+ failed: .*))\r?\n/gm;

export class InspectedWorkers {
  private forked = 0;

  constructor(
    private readonly options: InspectOptions,
    /** Where each worker's address (or why it has none) goes: one line, ending in a newline. */
    private readonly announce: (line: string) => void,
  ) {}

  next(): InspectedWorker {
    const number = ++this.forked;
    const { host, port, wait } = this.options;
    return {
      execArgv: [`--inspect=${host}:${port === 0 ? 0 : port + number}`],
      env: wait ? { [INSPECT_WAIT_ENV]: "1" } : {},
      stderr: (pid, text) =>
        text.replace(INSPECTOR_LINE, (_line, url?: string, failure?: string) => {
          const worker = `worker ${number} (pid ${pid ?? "unknown"})`;
          if (url) this.announce(`semisync: debugger for ${worker}: ${url}\n`);
          if (failure) this.announce(`semisync: no debugger for ${worker}: ${failure}\n`);
          return "";
        }),
    };
  }
}
