// This checkout's scanner against another checkout's, on the cold scan of a fresh process, run
// interleaved (A B B A …) so that both see the same machine load:
//   node bench/scanCompare.mjs OTHER_CHECKOUT [pairs] [files]     (default 9 pairs, 5000 files)
// Build both first (`npm run build` in each). Each side keeps its own cache folder, warmed by one
// unmeasured run, so what is measured is what bench/scan.mjs calls "a fresh process with the
// parser's code cache": a new process requires dist/scanner.js, scans every file of the generated
// workspace (bench/scanGenerate.mjs) through the Workspace API and takes the result. For changes to
// the scanner, where a shared machine's load moves a single figure more than the change does.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./scanGenerate.mjs";
import { median, loadAverage, machineLine, listTypeScriptFiles } from "./stats.mjs";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");

if (process.argv[2] === "--child") {
  const [dist, root] = process.argv.slice(3);
  const files = listTypeScriptFiles(root);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const mainThread = mainThreadCpuMs();
  const { Workspace } = await import(join(dist, "scanner.js"));
  const workspace = new Workspace();
  workspace.updateFiles(files);
  const result = workspace.result();
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      mainCpuMs: mainThreadCpuMs() - mainThread,
      tasks: result.tasks.length,
      problems: result.problems.length,
    }),
  );
  process.exit(0);
}

/**
 * Time the main thread has been on a core (Linux's schedstat, in ns): what the scan itself costs,
 * without the time it waited for a core on a busy machine, nor the compiler's and GC's helper threads.
 */
function mainThreadCpuMs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return NaN;
  }
}

const [otherArg, pairsArg, filesArg] = process.argv.slice(2);
if (!otherArg) {
  console.error("usage: node bench/scanCompare.mjs OTHER_CHECKOUT [pairs] [files]");
  process.exit(2);
}
const sides = { this: join(here, "dist"), other: join(resolve(otherArg), "dist") };
for (const dist of Object.values(sides))
  if (!existsSync(join(dist, "parser.js"))) throw new Error(`${dist} has no parser.js: npm run build there`);
const pairs = Number(pairsArg ?? 9);
const size = Number(filesArg ?? 5000);
const root = join(here, "bench", "workspaces", `ws-${size}`);
if (!existsSync(root)) generate(size, root);
const caches = {
  this: mkdtempSync(join(tmpdir(), "semisync-scan-a-")),
  other: mkdtempSync(join(tmpdir(), "semisync-scan-b-")),
};

function measure(side) {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", sides[side], root], {
    encoding: "utf8",
    env: { ...process.env, SEMISYNC_CACHE_DIR: caches[side] },
  });
  if (out.status !== 0) throw new Error(`the ${side} scan failed:\n${out.stderr}`);
  return JSON.parse(out.stdout);
}

console.log(
  `${machineLine()}; ` + `this = ${sides.this}, other = ${sides.other}; ${size} files, ${pairs} pairs, medians`,
);
try {
  const warm = { this: measure("this"), other: measure("other") };
  if (warm.this.tasks !== warm.other.tasks || warm.this.problems !== warm.other.problems)
    console.log(`  the two scans differ: this ${JSON.stringify(warm.this)}, other ${JSON.stringify(warm.other)}`);
  const runs = { this: [], other: [] };
  for (let pair = 0; pair < pairs; pair++) {
    for (const side of pair % 2 === 0 ? ["this", "other"] : ["other", "this"]) runs[side].push(measure(side));
  }
  for (const field of ["wallMs", "cpuMs", "mainCpuMs"]) {
    const summary = (side) =>
      `${Math.round(median(runs[side].map((run) => run[field])))} (${runs[side].map((run) => Math.round(run[field])).join(", ")})`;
    console.log(`${field}: this ${summary("this")} | other ${summary("other")}`);
  }
  console.log(`  load average ${loadAverage()}`);
} finally {
  for (const cache of Object.values(caches)) rmSync(cache, { recursive: true, force: true });
}
