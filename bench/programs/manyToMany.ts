// Benchmark (7): N queued calls of noop(i) and N of sink(i), sink depending on noop: every sink
// call waits for every noop call, N + N edges through the task, never N × N between calls.
import { semisync } from "semisync";

const N = Number(process.env.N ?? 1000);

export class Many {
  @semisync()
  static noop(i: number) {
    return i;
  }

  @semisync({ dependencies: ["noop"] })
  static sink(i: number) {
    return i;
  }
}

for (let i = 0; i < N; i++) Many.noop(i);
for (let i = 0; i < N; i++) Many.sink(i);
const start = performance.now();
const report = await semisync.begin();
const beginMs = performance.now() - start;
if (!report.ok || report.calls.length !== 2 * N) throw new Error("the calls did not run whole");
// maxRSS is this process's peak in KiB: in `semisync run` this process is the coordinator.
console.log(`BENCH ${JSON.stringify({ tasks: 2 * N, beginMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}`);
