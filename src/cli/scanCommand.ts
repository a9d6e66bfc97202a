import { EXIT } from "../shared/protocol";
import { cachedFacts } from "../scanner/factsCache";
import { scanPaths } from "../scanner/scan";
import type { ScanCommand } from "./args";
import { graphDocument, reportHtml } from "./htmlReport";
import { formatCheck, formatGraph } from "./scanFormat";

/** `graph` prints the graph and exits 0 (problems are part of its output); `check` exits 1 on any error. */
export function scanCommand(command: ScanCommand): number {
  let result;
  try {
    // Facts of unchanged files come from the cache `semisync run` also keeps: a second check parses only what changed.
    result = scanPaths(command.paths, process.cwd(), cachedFacts());
  } catch (error) {
    process.stderr.write(`semisync ${command.command}: ${(error as Error).message}\n`);
    return EXIT.graphError;
  }
  if (command.command === "graph") {
    if (command.format === "html")
      process.stdout.write(reportHtml(graphDocument(result, `semisync graph ${command.paths.join(" ") || "."}`)));
    else process.stdout.write(`${formatGraph(result, command.format)}\n`);
    return EXIT.ok;
  }
  const { text, errors } = formatCheck(result);
  process.stdout.write(text);
  return errors > 0 ? EXIT.taskFailed : EXIT.ok;
}
