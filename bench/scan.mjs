// The scanner benchmark: `node bench/scan.mjs [files…]` (default 5000 20000), after `npm run build`.
// Generates the workspaces it needs (bench/scanGenerate.mjs, into the git-ignored
// bench/workspaces/), then measures, each in fresh processes and as the median of several runs:
//   - reading every file (the baseline the targets are stated in) and loading TypeScript;
//   - a cold scan through the Workspace API, its CPU time, and the memory it keeps;
//   - a whole cold scan in a fresh process, without and with the parser's code cache;
//   - restoring a saved scan (src/scanner/snapshot.ts), as a reopened editor does;
//   - single-file updates after that scan, by kind of edit;
//   - `semisync check` on the workspace, and `semisync run`'s static cycle check.
// It prints a Markdown report to paste into bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { generate } from "./scanGenerate.mjs";
import { median, listTypeScriptFiles } from "./stats.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const require = createRequire(import.meta.url);
const RUNS = 5;

const ms = (value) => `${Math.round(value)} ms`;
const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;

const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

// ---- Child modes: each measurement starts in a fresh process. ----

const modes = {
  read(root) {
    const files = listTypeScriptFiles(root);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let bytes = 0;
    for (const file of files) bytes += readFileSync(file, "utf8").length;
    return { wallMs: performance.now() - started, cpuMs: cpuMs(cpu), files: files.length, bytes };
  },

  load() {
    let started = performance.now();
    require(join(here, "..", "node_modules", "ts-morph"));
    const tsMorphMs = performance.now() - started;
    started = performance.now();
    require(join(dist, "parser.js"));
    return { tsMorphMs, parserBundleMs: performance.now() - started };
  },

  /** What a new process pays for a scan, start to result: the scanner bundle, the parser (through its code cache, if one is in SEMISYNC_CACHE_DIR), reading and resolving. */
  fresh(root) {
    const files = listTypeScriptFiles(root);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { Workspace } = require(join(dist, "scanner.js"));
    const workspace = new Workspace();
    workspace.updateFiles(files);
    const result = workspace.result();
    return {
      wallMs: performance.now() - started,
      cpuMs: cpuMs(cpu),
      tasks: result.tasks.length,
      peakRss: process.resourceUsage().maxRSS * 1024,
    };
  },

  /** Scans and saves the scan, as an editor does after its first scan of a folder. */
  save(root) {
    const { Workspace, scanSnapshots } = require(join(dist, "scanner.js"));
    const workspace = new Workspace();
    workspace.updateFiles(listTypeScriptFiles(root));
    const started = performance.now();
    if (!scanSnapshots(root).save(workspace)) throw new Error(`the scan of ${root} was not saved`);
    return { saveMs: performance.now() - started };
  },

  /** What a reopened editor pays before it shows every problem: the scanner bundle, and the saved scan checked against every stamp. */
  restore(root) {
    const files = listTypeScriptFiles(root);
    const started = performance.now();
    const { scanSnapshots } = require(join(dist, "scanner.js"));
    const result = scanSnapshots(root).load(files);
    if (!result) throw new Error(`the saved scan of ${root} was not used`);
    return { wallMs: performance.now() - started, tasks: result.tasks.length };
  },

  cold(root) {
    const files = listTypeScriptFiles(root);
    const { Workspace } = require(join(dist, "scanner.js"));
    let started = performance.now();
    const parser = require(join(dist, "parser.js"));
    const parserLoadMs = performance.now() - started;
    globalThis.gc();
    const before = process.memoryUsage();
    started = performance.now();
    const cpu = process.cpuUsage();
    // The parser loaded above, not a second copy through the scanner's code-cache loader.
    const workspace = new Workspace(undefined, { readFacts: parser.readFileFacts });
    workspace.updateFiles(files);
    const result = workspace.result();
    const wallMs = performance.now() - started;
    const scanCpuMs = cpuMs(cpu);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    globalThis.gc();
    const after = process.memoryUsage();
    const edits = measureEdits(workspace, files);
    return {
      parserLoadMs,
      wallMs,
      cpuMs: scanCpuMs,
      tasks: result.tasks.length,
      problems: result.problems.length,
      keptRss: after.rss - before.rss,
      keptHeap: after.heapUsed - before.heapUsed,
      peakRss: peakRss - before.rss,
      edits,
    };
  },
};

/** Edits an editor sends after the first scan, each kind timed 20 times (two texts taken in turn, so none is a no-op). */
function measureEdits(workspace, files) {
  const taskFiles = files.filter((file) => /jobs\d+\.ts$/.test(file));
  const middle = taskFiles[Math.floor(taskFiles.length / 2)];
  const early = taskFiles[3];
  const text = readFileSync(middle, "utf8");
  const earlyText = readFileSync(early, "utf8");
  const barrel = join(dirname(early), "index.ts");
  const barrelText = readFileSync(barrel, "utf8");
  const plain = files.find((file) => /util\d+\.ts$/.test(file));
  const plainText = readFileSync(plain, "utf8");
  const kinds = {
    "typing in a method body (no task changes)": [middle, text, text.replace("let total = 0;", "let total = 1;")],
    "a new line at the top (every position moves)": [middle, text, `\n${text}`],
    "changing a dependency name": [middle, text, text.replace(/"step2"\] \}\)/, '"step1"] })')],
    "a misspelt dependency (did-you-mean over every id)": [
      middle,
      text,
      text.replace(/"step2"\] \}\)/, '"Jobs1.stepp2"] })'),
    ],
    "renaming a task that others depend on": [early, earlyText, earlyText.replace("static step3()", "static step3b()")],
    "editing a barrel (index.ts) that imports go through": [barrel, barrelText, `// edited\n${barrelText}`],
    "editing a file without tasks": [plain, plainText, plainText.replace("let total = 0;", "let total = 2;")],
  };
  const report = {};
  for (const [kind, [file, original, edited]] of Object.entries(kinds)) {
    if (original === edited) throw new Error(`the edit "${kind}" changes nothing in ${file}`);
    const times = [];
    let changed = 0;
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const change = workspace.update(file, i % 2 === 0 ? edited : original);
      times.push(performance.now() - started);
      changed = Math.max(changed, change.files.length);
    }
    report[kind] = { medianMs: median(times), maxMs: Math.max(...times), changedFiles: changed };
  }
  return report;
}

if (process.argv[2] === "--child") {
  const result = modes[process.argv[3]](process.argv[4]);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

// ---- The parent: runs the children and writes the report. ----

function child(mode, root, env = {}) {
  const out = spawnSync(
    process.execPath,
    ["--expose-gc", fileURLToPath(import.meta.url), "--child", mode, root ?? ""],
    { encoding: "utf8", maxBuffer: 64 * 2 ** 20, env: { ...process.env, ...env } },
  );
  if (out.status !== 0) throw new Error(`${mode} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout);
}

function wall(args, env = {}) {
  const started = performance.now();
  const out = spawnSync(process.execPath, [join(dist, "cli.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 2 ** 20,
  });
  return { ms: performance.now() - started, status: out.status, stdout: out.stdout };
}

if (!existsSync(join(dist, "parser.js")))
  throw new Error("run `npm run build` first: the benchmark measures the bundles in dist/");
const sizes = process.argv.slice(2).map(Number);
const lines = [];
const say = (text = "") => {
  lines.push(text);
  console.error(text);
};

say(
  `Machine: ${cpus()[0].model}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}; load average at start ${loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")}.`,
);
say(
  `Date: ${new Date().toISOString().slice(0, 10)}. Each figure is the median of ${RUNS} fresh processes unless it says otherwise.`,
);
say();

for (const size of sizes.length > 0 ? sizes : [5000, 20000]) {
  const root = join(here, "workspaces", `ws-${size}`);
  if (!existsSync(root)) generate(size, root);
  const reads = Array.from({ length: RUNS }, () => child("read", root));
  const loads = Array.from({ length: RUNS }, () => child("load"));
  const colds = Array.from({ length: RUNS }, () => child("cold", root));
  const cache = mkdtempSync(join(tmpdir(), "semisync-bench-facts-"));
  // A fresh process with nothing cached, then one with the parser's code cache the first wrote, in turn.
  const fresh = { uncached: [], codeCached: [] };
  for (let i = 0; i < RUNS; i++) {
    rmSync(cache, { recursive: true, force: true });
    fresh.uncached.push(child("fresh", root, { SEMISYNC_CACHE_DIR: cache }));
    fresh.codeCached.push(child("fresh", root, { SEMISYNC_CACHE_DIR: cache }));
  }
  const saved = child("save", root, { SEMISYNC_CACHE_DIR: cache });
  const restores = Array.from({ length: RUNS }, () => child("restore", root, { SEMISYNC_CACHE_DIR: cache }));
  const checksCold = Array.from({ length: 3 }, () => {
    rmSync(cache, { recursive: true, force: true });
    return wall(["check", root], { SEMISYNC_CACHE_DIR: cache });
  });
  // Facts gone, the parser's code cache kept: a workspace never checked before, on a machine that has run semisync.
  const checksCodeCached = Array.from({ length: 3 }, () => {
    for (const name of readdirSync(cache))
      if (!name.endsWith(".v8cache")) rmSync(join(cache, name), { recursive: true });
    return wall(["check", root], { SEMISYNC_CACHE_DIR: cache });
  });
  const checksWarm = Array.from({ length: 3 }, () => wall(["check", root], { SEMISYNC_CACHE_DIR: cache }));
  rmSync(cache, { recursive: true, force: true });
  const read = median(reads.map((run) => run.wallMs));
  const tsMorph = median(loads.map((run) => run.tsMorphMs));
  const scan = median(colds.map((run) => run.wallMs));
  const parserLoad = median(colds.map((run) => run.parserLoadMs));
  const { files, bytes } = reads[0];
  const { tasks, problems } = colds[0];

  say(`### ${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${tasks} tasks (${problems} problems)`);
  say();
  say("| measured | result | target |");
  say("|---|---|---|");
  say(`| read every file (baseline) | ${ms(read)} (CPU ${ms(median(reads.map((run) => run.cpuMs)))}) | — |`);
  say(
    `| load ts-morph / load the parser bundle (dist/parser.js) | ${ms(tsMorph)} / ${ms(median(loads.map((run) => run.parserBundleMs)))} | — |`,
  );
  say(
    `| cold scan, parser already loaded: \`updateFiles(all)\` + \`result()\` | ${ms(scan)} (CPU ${ms(median(colds.map((run) => run.cpuMs)))}; runs ${colds.map((run) => ms(run.wallMs)).join(", ")}) | — |`,
  );
  say(
    `| cold scan including the parser load | ${ms(scan + parserLoad)} | ≤ 3 × read + ts-morph load = ${ms(3 * read + tsMorph)} |`,
  );
  say(
    `| cold scan in a fresh process, start to result (scanner, parser, scan): nothing cached / parser's code cached | ${ms(median(fresh.uncached.map((run) => run.wallMs)))} (CPU ${ms(median(fresh.uncached.map((run) => run.cpuMs)))}) / ${ms(median(fresh.codeCached.map((run) => run.wallMs)))} (CPU ${ms(median(fresh.codeCached.map((run) => run.cpuMs)))}); peak RSS of the whole process ${mb(median(fresh.codeCached.map((run) => run.peakRss)))} | ≤ 700 ms |`,
  );
  say(
    `| a saved scan in a fresh process: the scanner loaded, every stamp checked, the result read / saving it after a scan | ${ms(median(restores.map((run) => run.wallMs)))} / ${ms(saved.saveMs)} | reopened editor ≤ 300 ms |`,
  );
  say(
    `| memory kept after the scan (after GC): RSS / JS heap | ${mb(median(colds.map((run) => run.keptRss)))} / ${mb(median(colds.map((run) => run.keptHeap)))} | < 150 MB added |`,
  );
  say(
    `| peak RSS during the scan, over the baseline with the parser loaded | ${mb(median(colds.map((run) => run.peakRss)))} | < 150 MB added |`,
  );
  say(
    `| \`semisync check\` on the folder, whole process, nothing cached / parser's code cached / facts cached (median of 3) | ${ms(median(checksCold.map((run) => run.ms)))} / ${ms(median(checksCodeCached.map((run) => run.ms)))} / ${ms(median(checksWarm.map((run) => run.ms)))} | — |`,
  );
  for (const kind of Object.keys(colds[0].edits)) {
    const runs = colds.map((run) => run.edits[kind]);
    say(
      `| update(): ${kind} — median / max of 20 × ${RUNS} | ${median(runs.map((run) => run.medianMs)).toFixed(1)} ms / ${Math.max(...runs.map((run) => run.maxMs)).toFixed(1)} ms; ${runs[0].changedFiles} file(s) changed | ≤ 20 ms |`,
    );
  }
  say();
}

// `semisync run` checks the program's graph statically before starting anything.
const program = join(here, "..", "test", "fixtures", "scanner", "run", "loud.ts");
const cache = mkdtempSync(join(tmpdir(), "semisync-bench-facts-"));
try {
  const version = Array.from({ length: RUNS }, () => wall(["--version"]).ms);
  const cold = Array.from({ length: RUNS }, () => {
    rmSync(cache, { recursive: true, force: true });
    return wall(["run", program], { SEMISYNC_CACHE_DIR: cache }).ms;
  });
  const warm = Array.from({ length: RUNS }, () => wall(["run", program], { SEMISYNC_CACHE_DIR: cache }).ms);
  say("### `semisync run` refusing a cycle statically (whole process)");
  say();
  say("| measured | result |");
  say("|---|---|");
  say(`| \`semisync --version\` (Node start-up and the CLI bundle) | ${ms(median(version))} |`);
  say(`| \`semisync run loud.ts\`, facts not cached (loads the parser) | ${ms(median(cold))} |`);
  say(`| \`semisync run loud.ts\`, facts cached | ${ms(median(warm))} |`);
} finally {
  rmSync(cache, { recursive: true, force: true });
}

console.log(lines.join("\n"));
