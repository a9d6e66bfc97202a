// A fan-out of 1,000 independent no-op calls: throughput, tasks per second (bench/redis.mjs).
import { semisync } from "semisync";

const CALLS = Number(process.env.CALLS ?? 1000);

export class FanOut {
  @semisync()
  static noop(i: number) {
    return i;
  }
}

const rounds: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  for (let i = 0; i < CALLS; i++) FanOut.noop(i);
  const start = performance.now();
  const report = await semisync.begin();
  rounds.push(performance.now() - start);
  if (!report.ok || report.calls.length !== CALLS) throw new Error("the fan-out did not run whole");
  semisync.clear();
}
console.log(`BENCH ${JSON.stringify({ rounds, tasks: CALLS })}`);
