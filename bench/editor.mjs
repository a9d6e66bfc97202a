// The extension on a large workspace, in a real VS Code (code-server through Chromium, as the
// integration tests run): how long activation takes, and how long from activation until every
// problem of a generated workspace is a diagnostic. Prints one JSON line per workspace size and
// cache state (below).
//   node bench/editor.mjs [files...]     (default: 5000)
// Needs `node esbuild.js --tests` first (npm run bench:editor does it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./scanGenerate.mjs";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const sizes = process.argv.slice(2).map(Number);

/** The scanner's cache folder under an XDG_CACHE_HOME (src/scanner/cacheDir.ts). */
const scannedIn = (cache) => join(cache, "semisync", "scanned");

// Each state opens the same folder in place, so a reopened window finds its saved scan:
//   cold      an empty cache (the first time semisync meets this machine);
//   reopened  the same folder again: its saved scan, facts and the parser's code cache;
//   new-folder  facts and saved scans gone, the parser's code cache kept (a folder never opened before).
const states = {
  cold: (cache) => rmSync(cache, { recursive: true, force: true }),
  reopened: () => {},
  "new-folder": (cache) => {
    for (const name of readdirSync(scannedIn(cache)))
      if (!name.endsWith(".v8cache")) rmSync(join(scannedIn(cache), name), { recursive: true });
  },
};

for (const files of sizes.length > 0 ? sizes : [5000]) {
  const folder = join(root, "bench", "workspaces", `ws-${files}`);
  generate(files, folder);
  const cache = mkdtempSync(join(tmpdir(), "semisync-bench-cache-"));
  for (const [state, prepare] of Object.entries(states)) {
    prepare(cache);
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    delete env.SEMISYNC_CACHE_DIR;
    const run = spawnSync(
      process.execPath,
      [
        join(root, "test", "integration", "run.mjs"),
        ...["--suite", "measure", "--folder", folder, "--in-place", "--timeout", "900"],
      ],
      { encoding: "utf8", env },
    );
    const output = `${run.stdout}${run.stderr}`;
    const measured = output.match(/MEASURE (\{.*\})/);
    const ready = output.match(/workbench ready after ([\d.]+) s/);
    if (run.status !== 0 || !measured) {
      console.error(`bench/editor: the measuring suite failed on ${files} files:\n${output}`);
      process.exit(1);
    }
    const round = (value) => Math.round(value * 10) / 10;
    const result = Object.fromEntries(
      Object.entries(JSON.parse(measured[1])).map(([key, value]) => [key, round(value)]),
    );
    console.log(
      JSON.stringify({
        files,
        cache: state,
        loadAverage: loadavg()[0],
        workbenchReadyS: ready ? Number(ready[1]) : undefined,
        ...result,
      }),
    );
  }
  rmSync(cache, { recursive: true, force: true });
}
