// Benchmark (2): 50 independent tasks that each await 100 ms, and one task depending on all.
import { semisync } from "semisync";

export class Io {
  @semisync()
  static async fetch(i: number) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return i;
  }

  @semisync({ dependencies: ["fetch"] })
  static combine() {
    return 50;
  }
}

const rounds: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++) {
  for (let i = 0; i < 50; i++) Io.fetch(i);
  Io.combine();
  const start = performance.now();
  const report = await semisync.begin();
  rounds.push(performance.now() - start);
  if (!report.ok) throw new Error("a task failed");
}
console.log(`BENCH ${JSON.stringify({ rounds })}`);
