// Benchmark (4): a random DAG of 300 CPU-bound tasks with fixed durations (seeded, so every
// process builds the same graph). Prints each round's makespan beside the lower bound
// max(critical path, total work / workers).
import { availableParallelism } from "node:os";
import { semisync } from "semisync";

const TASKS = 300;
let seed = 20261124;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

const durations: number[] = [];
const dependencies: number[][] = [];
for (let i = 0; i < TASKS; i++) {
  durations.push(2 + Math.floor(random() * 14));
  const deps = new Set<number>();
  if (i > 0) for (let k = 0; k < 3; k++) if (random() < 0.5) deps.add(Math.max(0, i - 1 - Math.floor(random() * 40)));
  dependencies.push([...deps]);
}

const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

export class Dag {}
for (let i = 0; i < TASKS; i++) {
  const descriptor = { value: () => spin(durations[i]), writable: true, configurable: true };
  Object.defineProperty(
    Dag,
    `t${i}`,
    semisync({ dependencies: dependencies[i].map((d) => `t${d}`) })(Dag, `t${i}`, descriptor),
  );
}

const workers = Number(process.env.WORKERS ?? availableParallelism());
const finish: number[] = [];
for (let i = 0; i < TASKS; i++) finish.push(durations[i] + Math.max(0, ...dependencies[i].map((d) => finish[d])));
const criticalPath = Math.max(...finish);
const totalWork = durations.reduce((a, b) => a + b, 0);
const bound = Math.max(criticalPath, totalWork / workers);

const rounds: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 4); round++) {
  for (let i = 0; i < TASKS; i++) (Dag as unknown as Record<string, () => void>)[`t${i}`]();
  const start = performance.now();
  const report = await semisync.begin({ maxWorkers: workers });
  rounds.push(performance.now() - start);
  if (!report.ok) throw new Error("a task failed");
}
console.log(`BENCH ${JSON.stringify({ rounds, criticalPath, totalWork, workers, bound })}`);
