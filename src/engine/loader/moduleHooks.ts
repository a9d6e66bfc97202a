import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { bundlePath } from "../../shared/bundles";

let hooksRegistered = false;

/** Node's module hooks, for the ES modules `require` cannot load: registered on first need, as they start a thread. */
export function installModuleHooks(): void {
  if (hooksRegistered) return;
  hooksRegistered = true;
  register(pathToFileURL(bundlePath("loader-hooks")).href, { data: { runtimePath: bundlePath("runtime") } });
}
