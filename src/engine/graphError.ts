/** A graph the engine refuses to run, as one paragraph that names the file, each problem's code and the fix. */
import { displayPath } from "../shared/format";
import { CODE } from "../shared/problems";
import type { GraphProblem } from "../shared/protocol";

export class GraphError extends Error {
  constructor(
    readonly problems: GraphProblem[],
    readonly file?: string,
  ) {
    const where = file ? ` of ${displayPath(file)}` : "";
    const cycles = problems.some((each) => each.code === CODE.cycle)
      ? " A task cannot wait for itself: remove one dependency of each cycle."
      : "";
    super(
      `semisync cannot run the graph${where}: ${problems.map((each) => `${each.code} ${each.message}`).join(" ")}${cycles}`,
    );
    this.name = "GraphError";
  }
}
