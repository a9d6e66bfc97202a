// Benchmark (5): CPU-bound fan-out: TASKS independent tasks of 250 ms of computation each,
// with WORKERS workers. Compare the time with 1 worker and with every core.
import { semisync } from "semisync";

const spin = (ms: number) => {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x++;
  return x;
};

export class Cpu {
  @semisync()
  static crunch(_i: number) {
    spin(250);
  }
}

const workers = Number(process.env.WORKERS);
const rounds: number[] = [];
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < 8; i++) Cpu.crunch(i);
  const start = performance.now();
  await semisync.begin({ maxWorkers: workers });
  rounds.push(performance.now() - start);
}
console.log(`BENCH ${JSON.stringify({ rounds, workers })}`);
