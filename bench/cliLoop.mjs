// The CLI's edit-run-debug loop (`node bench/cliLoop.mjs`, after `npm run build`): what
// `semisync run --inspect` costs a run when nothing attaches, and how soon `semisync run --watch`
// shows the result of an edit, beside starting `semisync run` again by hand. Wall-clock, through
// the real CLI; each pair is measured alternately, so that load from other work falls on both.
// BASELINE_CLI=/path/to/other/dist/cli.js adds that CLI's plain run of the example, alternately too
// (a build of main before these flags, say), to show what they cost a run that uses neither.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// SEMISYNC_CLI: another build's dist/cli.js, to compare builds back to back.
const cli = process.env.SEMISYNC_CLI ?? join(here, "..", "dist", "cli.js");
const finance = join(here, "..", "examples", "finance.ts");
const ROUNDS = Number(process.env.ROUNDS ?? 7);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${Math.round(value)} ms`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

function wholeRun(args, cwd, bundle = cli) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bundle, "run", ...args], { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`semisync run ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  return performance.now() - started;
}

/** A program whose one task prints what lib.ts says: an edit of lib.ts changes its output. */
function program() {
  const folder = mkdtempSync(join(tmpdir(), "semisync-bench-watch-"));
  writeFileSync(
    join(folder, "main.ts"),
    `import { semisync } from "semisync";\nimport { word } from "./lib";\n\nexport class Loop {\n  @semisync()\n  static say() {\n    console.log(\`word: \${word}\`);\n  }\n}\n\nLoop.say();\nawait semisync.begin();\n`,
  );
  writeFileSync(join(folder, "lib.ts"), `export const word = "0";\n`);
  return folder;
}

/** A `semisync run --watch` of main.ts in the folder, edited one round at a time. */
async function startWatch(folder, bundle) {
  const watch = spawn(process.execPath, [bundle, "run", "main.ts", "--watch"], { cwd: folder, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  watch.stdout.setEncoding("utf8").on("data", (text) => (stdout += text));
  watch.stderr.setEncoding("utf8").on("data", (text) => (stderr += text));
  const until = (probe) =>
    new Promise((resolve, reject) => {
      const limit = Date.now() + 60_000;
      const check = () => {
        if (probe()) return resolve();
        if (Date.now() > limit) return reject(new Error(`the watch did not answer:\n${stdout}\n${stderr}`));
        setTimeout(check, 2);
      };
      check();
    });
  const runsEnded = () => stderr.match(/^semisync: watching /gm)?.length ?? 0;
  await until(() => runsEnded() === 1);
  return {
    /** From saving lib.ts to the task's new output, and to the run's end. */
    async edit(round) {
      const started = performance.now();
      writeFileSync(join(folder, "lib.ts"), `export const word = "${round}";\n`);
      await until(() => stdout.includes(`word: ${round}\n`));
      const toOutput = performance.now() - started;
      await until(() => runsEnded() === round + 1);
      return { toOutput, toEnd: performance.now() - started };
    },
    async stop() {
      watch.kill("SIGINT");
      await new Promise((resolve) => watch.on("close", resolve));
    },
  };
}

console.log(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, Node ${process.version}. ${new Date().toISOString()}`,
);
console.log(`Load average at the start: ${load()}`);
// Warm the transpile and scan caches: no measurement below includes the one-time TypeScript load.
wholeRun([finance]);
const folder = program();
wholeRun(["main.ts"], folder);

const baselineCli = process.env.BASELINE_CLI;
if (baselineCli) wholeRun([finance], undefined, baselineCli);
const plain = [];
const inspected = [];
const baseline = [];
for (let round = 0; round < ROUNDS; round++) {
  if (baselineCli) baseline.push(wholeRun([finance], undefined, baselineCli));
  plain.push(wholeRun([finance]));
  inspected.push(wholeRun([finance, "--inspect"]));
}
console.log(`\n| measure (median of ${ROUNDS}) | ms | runs |`);
console.log("|---|---|---|");
if (baselineCli)
  console.log(`| examples/finance.ts, ${baselineCli} | ${ms(median(baseline))} | ${baseline.map(ms).join(", ")} |`);
console.log(`| examples/finance.ts, \`semisync run\` | ${ms(median(plain))} | ${plain.map(ms).join(", ")} |`);
console.log(
  `| the same with \`--inspect\`, nothing attached | ${ms(median(inspected))} | ${inspected.map(ms).join(", ")} |`,
);
// By hand as with --watch: after an edit, so that neither finds the edited file in the caches.
const byHand = Array.from({ length: ROUNDS }, (_, round) => {
  writeFileSync(join(folder, "lib.ts"), `export const word = "by hand ${round}";\n`);
  return wholeRun(["main.ts"], folder);
});
console.log(
  `| a one-task program, edited, then \`semisync run\` by hand | ${ms(median(byHand))} | ${byHand.map(ms).join(", ")} |`,
);
// Both watches idle between edits, so alternating their edits puts the same load on each.
const watches = [await startWatch(folder, cli)];
if (baselineCli) {
  const other = program();
  wholeRun(["main.ts"], other, baselineCli);
  watches.push(await startWatch(other, baselineCli));
}
const rounds = watches.map(() => ({ toOutput: [], toEnd: [] }));
for (let round = 1; round <= ROUNDS; round++)
  for (const [index, watch] of watches.entries()) {
    const { toOutput, toEnd } = await watch.edit(round);
    rounds[index].toOutput.push(toOutput);
    rounds[index].toEnd.push(toEnd);
  }
for (const watch of watches) await watch.stop();
for (const [index, { toOutput, toEnd }] of rounds.entries()) {
  const which = index === 0 ? "" : ` (${baselineCli})`;
  console.log(
    `| \`--watch\`${which}: from saving an import to the task's new output | ${ms(median(toOutput))} | ${toOutput.map(ms).join(", ")} |`,
  );
  console.log(
    `| \`--watch\`${which}: from saving to the run's end | ${ms(median(toEnd))} | ${toEnd.map(ms).join(", ")} |`,
  );
}
console.log(`\nLoad average at the end: ${load()}`);
