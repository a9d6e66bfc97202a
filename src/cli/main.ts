#!/usr/bin/env node
import { EXIT } from "../shared/protocol";
import { USAGE, UsageError, parseArgs } from "./args";
import { runCommand } from "./run";
import { scanCommand } from "./scanCommand";
import { watchCommand } from "./watch";
import { workerCommand } from "./workerCommand";

declare const SEMISYNC_VERSION: string;

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`semisync: ${error.message}\nRun \`semisync --help\` for usage.\n`);
    return EXIT.graphError;
  }
  switch (command.command) {
    case "help":
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    case "version":
      process.stdout.write(`${SEMISYNC_VERSION}\n`);
      return EXIT.ok;
    case "run":
      return command.watch ? watchCommand(command) : runCommand(command);
    case "graph":
    case "check":
      return scanCommand(command);
    case "worker":
      return workerCommand(command);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`semisync: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = EXIT.graphError;
  },
);
