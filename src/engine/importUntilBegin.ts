import { runtimeState } from "../runtime/state";
import { loadModule } from "./loader/load";

/**
 * Imports a module, loaded inertly, until it is fully evaluated or until it reaches `begin()`,
 * whichever comes first: its tasks are declared either way, and inert `begin()` never settles.
 */
export function importUntilBegin(file: string): Promise<void> {
  const reachedBegin = new Promise<void>((resolve) => runtimeState().onInertBegin.push(resolve));
  return Promise.race([loadModule(file).then(() => undefined), reachedBegin]);
}
