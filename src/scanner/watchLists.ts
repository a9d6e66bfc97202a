/**
 * Who must be resolved again, and when: a task whose answer looked up an id is resolved again
 * when the tasks with that id change, one that read a file's facts when those facts change, and
 * one that met an import resolving to no file when a new file appears.
 */
import type { Resolution } from "./dependencies";

export class WatchLists<Watcher> {
  private readonly byName = new Map<string, Set<Watcher>>();
  private readonly byFile = new Map<string, Set<Watcher>>();
  private readonly missingModule = new Set<Watcher>();

  watch(watcher: Watcher, { names, files, missingModule }: Resolution["watch"]): void {
    for (const id of names) addTo(this.byName, id, watcher);
    for (const file of files) addTo(this.byFile, file, watcher);
    if (missingModule) this.missingModule.add(watcher);
  }

  /** Returns the names nobody watches any more. */
  unwatch(watcher: Watcher, { names, files }: Resolution["watch"]): string[] {
    const unwatched: string[] = [];
    for (const id of names) {
      removeFrom(this.byName, id, watcher);
      if (!this.byName.has(id)) unwatched.push(id);
    }
    for (const file of files) removeFrom(this.byFile, file, watcher);
    this.missingModule.delete(watcher);
    return unwatched;
  }

  ofName(id: string): Iterable<Watcher> {
    return this.byName.get(id) ?? [];
  }

  ofFile(file: string): Iterable<Watcher> {
    return this.byFile.get(file) ?? [];
  }

  ofMissingModules(): Iterable<Watcher> {
    return this.missingModule;
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
