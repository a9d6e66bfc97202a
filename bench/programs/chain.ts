// Benchmark (3): a chain of 200 no-op tasks, each depending on the previous: per-task overhead.
import { semisync } from "semisync";

const LENGTH = 200;

export class Chain {}
for (let i = 0; i < LENGTH; i++) {
  const name = `step${i}`;
  const descriptor = {
    value: function () {
      return i;
    },
    writable: true,
    configurable: true,
  };
  Object.defineProperty(
    Chain,
    name,
    semisync({ dependencies: i === 0 ? [] : [`step${i - 1}`] })(Chain, name, descriptor),
  );
}

const rounds: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 7); round++) {
  (Chain as unknown as Record<string, () => void>)[`step${LENGTH - 1}`]();
  const start = performance.now();
  const report = await semisync.begin();
  rounds.push(performance.now() - start);
  if (!report.ok || report.calls.length !== LENGTH) throw new Error("the chain did not run whole");
}
console.log(`BENCH ${JSON.stringify({ rounds, tasks: LENGTH })}`);
