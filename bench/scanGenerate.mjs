// Generates a TypeScript workspace for the scanner benchmark (bench/scan.mjs):
//   node bench/scanGenerate.mjs <files> [folder]     (default folder: bench/workspaces/ws-<files>)
// It has the shape the issue measured: 5,000 files are about 11 MB, 4 % of the files hold
// @semisync tasks (200 files, 800 tasks), the rest is ordinary code that never mentions the
// package. Tasks depend on each other by name, and by reference in thunks through folder
// barrels (index.ts) and through tsconfig `paths`; one self-dependency and one misspelt name
// give the scan problems to report. The same <files> always gives the same workspace.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FILES_PER_FOLDER = 50;
const TASK_FILE_EVERY = 25;

export function generate(count, root) {
  rmSync(root, { recursive: true, force: true });
  let random = 12345;
  const next = () => (random = (random * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
  const below = (n) => Math.floor(next() * n);

  const folderOf = (i) => `mod${Math.floor(i / FILES_PER_FOLDER)}`;
  const isTaskFile = (i) => i % TASK_FILE_EVERY === TASK_FILE_EVERY - 1;
  const nameOf = (i) => (isTaskFile(i) ? `jobs${i}` : `util${i}`);
  const taskFiles = Array.from({ length: count }, (_, i) => i).filter(isTaskFile);
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  write(
    "tsconfig.json",
    `${JSON.stringify({ compilerOptions: { strict: true, baseUrl: ".", paths: { "@app/*": ["src/*"] } } }, null, 2)}\n`,
  );
  for (let folder = 0; folder * FILES_PER_FOLDER < count; folder++) {
    const members = Array.from({ length: FILES_PER_FOLDER }, (_, k) => folder * FILES_PER_FOLDER + k).filter(
      (i) => i < count,
    );
    write(`src/mod${folder}/index.ts`, members.map((i) => `export * from "./${nameOf(i)}";\n`).join(""));
  }

  for (let i = 0; i < count; i++) {
    const path = `src/${folderOf(i)}/${nameOf(i)}.ts`;
    if (!isTaskFile(i)) {
      const other = below(Math.max(1, i));
      const imports =
        i > 0 && !isTaskFile(other) ? `import { compute${other} } from "../${folderOf(other)}/util${other}";\n\n` : "";
      write(path, imports + plainCode(i, 750 + below(2600)));
      continue;
    }
    const t = taskFiles.indexOf(i);
    // Earlier task files only, so the graph is a DAG apart from the problems put in on purpose.
    const earlier = (offset) => taskFiles[Math.max(0, t - 1 - below(Math.min(t, offset)))];
    const [viaBarrel, viaPaths, byName] = [earlier(40), earlier(10), earlier(60)];
    const imports =
      t === 0
        ? ""
        : [
            `import { Jobs${viaBarrel} } from "../${folderOf(viaBarrel)}";`,
            viaPaths === viaBarrel
              ? ""
              : `import { Jobs${viaPaths} } from "@app/${folderOf(viaPaths)}/jobs${viaPaths}";`,
          ]
            .filter(Boolean)
            .join("\n");
    const selfLoop = t === taskFiles.length - 1;
    const misspelt = t === Math.floor(taskFiles.length / 2);
    write(
      path,
      [
        `import { semisync } from "semisync";`,
        imports,
        "",
        plainCode(i, 1200 + below(1500)),
        `export class Jobs${i} {`,
        `  @semisync(${selfLoop ? `{ dependencies: ["step0"] }` : ""})`,
        "  static step0() {}",
        "",
        `  @semisync({ dependencies: ["step0"] })`,
        "  static step1() {}",
        "",
        t === 0
          ? "  @semisync()"
          : `  @semisync({ dependencies: () => [Jobs${viaBarrel}.step3, Jobs${viaPaths}.step1] })`,
        "  static step2() {}",
        "",
        `  @semisync({ dependencies: [${t === 0 ? "" : `"Jobs${byName}.step${misspelt ? "9" : "2"}", `}"step2"] })`,
        "  static step3() {}",
        "}",
        "",
      ].join("\n"),
    );
  }
  return {
    files: count + Math.ceil(count / FILES_PER_FOLDER),
    taskFiles: taskFiles.length,
    tasks: taskFiles.length * 4,
  };
}

/** Ordinary application code of about `size` characters. */
function plainCode(i, size) {
  const parts = [
    `// Module ${i}: ordinary application code.\n`,
    `export interface Record${i} {\n  id: number;\n  name: string;\n  tags: string[];\n  createdAt: Date;\n}\n\n`,
    `export function compute${i}(input: Record${i}[]): number {\n  let total = 0;\n  for (const item of input) {\n    total += item.id * ${i % 97} + item.tags.length;\n  }\n  return total;\n}\n\n`,
  ];
  let n = 0;
  while (parts.join("").length < size) {
    parts.push(
      `export class Service${i}x${n} {\n  private readonly cache = new Map<string, Record${i}>();\n\n` +
        `  get(key: string): Record${i} | undefined {\n    return this.cache.get(key);\n  }\n\n` +
        `  put(record: Record${i}): void {\n    this.cache.set(\`\${record.id}:\${record.name}\`, record);\n  }\n}\n\n`,
    );
    n++;
  }
  return parts.join("");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 100) {
    console.error("usage: node bench/scanGenerate.mjs <files, at least 100> [folder]");
    process.exit(2);
  }
  const root = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), "workspaces", `ws-${count}`);
  const made = generate(count, root);
  console.log(`${root}: ${made.files} files (barrels included), ${made.taskFiles} with tasks, ${made.tasks} tasks`);
}
