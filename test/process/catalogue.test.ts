import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startRun } from "../../src/engine/client";
import { scanProgram } from "../../src/scanner/scan";
import { PROBLEMS, type ProblemCode } from "../../src/shared/problems";
import type { RunEvent, RunOptions } from "../../src/shared/protocol";
import { fixtures } from "../helpers/paths";

/** One program per code (test/fixtures/catalogue/SS0xx.ts), and how the engine is asked to run it. */
const RUN_AS: Partial<Record<ProblemCode, { tasks?: string[]; options?: RunOptions }>> = {
  SS010: { tasks: ["Present.nope"] },
  SS011: { tasks: ["Needs.region"] },
  SS013: { options: { maxWorkers: 0 } },
};

/** The codes the engine reports when it runs the program through its coordinator, as the CLI and the editor do. */
async function engineCodes(file: string, code: ProblemCode): Promise<string[]> {
  const events: RunEvent[] = [];
  const run = startRun({ file, tasks: RUN_AS[code]?.tasks, options: RUN_AS[code]?.options ?? {} });
  run.on("event", (event) => events.push(event));
  await run.exited;
  return events.flatMap((event) => (event.type === "graph-error" ? event.problems.map((problem) => problem.code) : []));
}

describe("problems: one catalogue, the same code from the scanner and the engine", () => {
  for (const [code, entry] of Object.entries(PROBLEMS) as Array<[ProblemCode, (typeof PROBLEMS)[ProblemCode]]>) {
    const sides = entry.seenBy as readonly string[];
    it(`${code} (${entry.summary}) is reported by ${sides.join(" and ")}, and by no other side`, async () => {
      const file = join(fixtures, "catalogue", `${code}.ts`);
      const scanned = scanProgram(file)
        .result()
        .problems.map((problem) => problem.code);
      const ran = await engineCodes(file, code);
      if (sides.includes("scanner")) assert.ok(scanned.includes(code), `the scanner reports ${code}: ${scanned}`);
      else assert.ok(!scanned.includes(code), `the scanner cannot see ${code}, yet reports it`);
      if (sides.includes("engine")) assert.ok(ran.includes(code), `the engine reports ${code}: ${ran}`);
      else assert.ok(!ran.includes(code), `the engine cannot see ${code}, yet reports it`);
    });
  }
});
