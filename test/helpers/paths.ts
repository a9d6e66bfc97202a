import { join } from "node:path";

/** The repository, seen from the transpiled tests in out/test/…. */
export const root = join(__dirname, "..", "..", "..");
export const fixtures = join(root, "test", "fixtures");
