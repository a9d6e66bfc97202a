import { constants, copyFileSync } from "node:fs";
import { join } from "node:path";

export const EXAMPLE_NAME = "semisync-example.ts";

/** The example the extension carries, as the walkthrough's first step opens it. */
export function exampleTemplate(extensionDir: string): string {
  return join(extensionDir, "media", "walkthrough", EXAMPLE_NAME);
}

/** Copies the example into `folder`, never over a file already there; `created` says whether it copied. */
export function createExample(template: string, folder: string): { file: string; created: boolean } {
  const file = join(folder, EXAMPLE_NAME);
  try {
    copyFileSync(template, file, constants.COPYFILE_EXCL);
    return { file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { file, created: false };
    throw new Error(`semisync could not write its example ${file}: ${(error as Error).message}`, { cause: error });
  }
}
