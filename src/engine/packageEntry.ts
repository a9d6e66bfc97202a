/**
 * What `import "semisync"` loads (the bundle dist/runtime.js): the runtime's API, with this
 * engine installed as the host a plain Node program's `begin()` coordinates through. The runtime
 * itself only declares the host it needs, so it never imports the engine.
 */
import { runtimeState } from "../runtime/state";
import { createLocalHost } from "./localHost";

runtimeState().createHost ??= createLocalHost;

export * from "../runtime/index";
export { default } from "../runtime/index";
