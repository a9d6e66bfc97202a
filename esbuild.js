// Builds one bundle per entry into dist/ (`node esbuild.js`, `--watch` to rebuild on change),
// and with `--tests` also transpiles src/ and test/ unbundled into out/ for mocha.
const esbuild = require("esbuild");
const { spawnSync } = require("node:child_process");
const { readdirSync, rmSync, statSync } = require("node:fs");
const { join } = require("node:path");
const pkg = require("./package.json");
const typescriptVersion = require("typescript/package.json").version;

const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");

const entries = {
  extension: "src/extension/extension.ts",
  runtime: "src/engine/packageEntry.ts",
  cli: "src/cli/main.ts",
  coordinator: "src/engine/coordinator.ts",
  worker: "src/engine/worker.ts",
  "loader-hooks": "src/engine/loader/hooks.ts",
  transpiler: "src/engine/loader/transpiler.ts",
  // The editor requires this on first need, so activating the extension never loads ts-morph.
  scanner: "src/scanner/index.ts",
  // TypeScript's parser, for the scanner: about half a second to load, paid only when a file needs parsing.
  parser: "src/scanner/factReader.ts",
  // BullMQ and its Redis client, loaded only by `semisync run --redis` and `semisync worker`.
  redis: "src/engine/redis/index.ts",
};

const define = {
  SEMISYNC_VERSION: JSON.stringify(pkg.version),
  // Part of the transpile cache key: a new compiler or a new semisync never reads stale output.
  SEMISYNC_TRANSPILER_ID: JSON.stringify(`semisync-${pkg.version}-typescript-${typescriptVersion}`),
};

/** Prints build errors in the `file:line:col: error: message` shape editors' problem matchers read. */
const problemMatcher = {
  name: "problem-matcher",
  setup(build) {
    build.onStart(() => {
      if (watch) console.log("[watch] build started");
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log("[watch] build finished");
    });
  },
};

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

async function main() {
  rmSync("dist", { recursive: true, force: true });
  const bundles = await esbuild.context({
    entryPoints: entries,
    outdir: "dist",
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: "linked",
    external: ["vscode"],
    define,
    logLevel: "silent",
    plugins: [problemMatcher],
  });
  // The pictures' page, for the CLI's HTML report and the editor's webview: a browser bundle, no Node in it.
  const page = await esbuild.context({
    entryPoints: [
      { in: "src/webview/main.ts", out: "webview" },
      { in: "src/webview/pictures.css", out: "webview" },
    ],
    outdir: "dist",
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    minify: true,
    logLevel: "silent",
    plugins: [problemMatcher],
  });
  if (watch) {
    await bundles.watch();
    await page.watch();
    return;
  }
  const results = [await bundles.rebuild(), await page.rebuild()];
  await bundles.dispose();
  await page.dispose();
  if (results.some((result) => result.errors.length > 0)) process.exit(1);

  // The runtime's type declarations, for users' `import { semisync } from "semisync"`.
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.types.json"], {
    stdio: "inherit",
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);

  if (tests) {
    rmSync("out", { recursive: true, force: true });
    await esbuild.build({
      // src/extension too: its plain logic is unit-tested; only its wiring needs 'vscode'.
      entryPoints: [...sourceFiles("src"), ...sourceFiles("test")],
      outdir: "out",
      outbase: ".",
      bundle: false,
      platform: "node",
      target: "node20",
      format: "cjs",
      sourcemap: "inline",
      // esbuild renames a class that refers to itself (_Sales); keepNames restores Sales.
      keepNames: true,
      define,
      logLevel: "warning",
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
