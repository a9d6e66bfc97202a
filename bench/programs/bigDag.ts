// Benchmark (6): a random DAG of TASKS no-op tasks (seeded, so every process builds the same
// graph): task i depends on up to 3 of the 200 tasks before it, about 1.2 dependencies a task,
// each queued once. What it measures is the engine's overhead per task as the graph grows.
import { semisync } from "semisync";

const TASKS = Number(process.env.TASKS ?? 1000);
let seed = 20261127;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

export class Big {}
for (let i = 0; i < TASKS; i++) {
  const dependencies = new Set<string>();
  if (i > 0)
    for (let k = 0; k < 3; k++)
      if (random() < 0.4) dependencies.add(`t${i - 1 - Math.floor(random() * Math.min(i, 200))}`);
  const descriptor = { value: () => i, writable: true, configurable: true };
  Object.defineProperty(Big, `t${i}`, semisync({ dependencies: [...dependencies] })(Big, `t${i}`, descriptor));
}

const queueing = Big as unknown as Record<string, () => void>;
for (let i = 0; i < TASKS; i++) queueing[`t${i}`]();
const start = performance.now();
const report = await semisync.begin();
const beginMs = performance.now() - start;
if (!report.ok || report.calls.length !== TASKS) throw new Error("the DAG did not run whole");
// maxRSS is this process's peak in KiB: in `semisync run` this process is the coordinator.
console.log(`BENCH ${JSON.stringify({ tasks: TASKS, beginMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}`);
