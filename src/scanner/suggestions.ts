/**
 * "Did you mean" for every dependency name that matches no task, kept current as tasks come and
 * go: a new task id is compared with the unknown names only, instead of every unknown name
 * with every id again, so an editor that adds files one at a time stays fast however many
 * tasks the workspace has. Among equally close ids the alphabetically first wins, so the
 * answer does not depend on the order files arrived in.
 */
import { distanceWithin, suggestionLimit } from "../shared/suggest";

interface Best {
  id?: string;
  /** The distance to beat: the best so far, or the limit while there is none. */
  distance: number;
}

export class Suggestions {
  private readonly ids = new Set<string>();
  private readonly best = new Map<string, Best>();

  /** The closest task id to an unknown `name`, remembered until `forget(name)`. */
  for(name: string): string | undefined {
    let best = this.best.get(name);
    if (!best) {
      best = this.search(name);
      this.best.set(name, best);
    }
    return best.id;
  }

  forget(name: string): void {
    this.best.delete(name);
  }

  /** A task id now exists; returns the unknown names whose suggestion changed. */
  added(id: string): string[] {
    this.ids.add(id);
    const changed: string[] = [];
    for (const [name, best] of this.best) {
      if (this.consider(name, id, best)) changed.push(name);
    }
    return changed;
  }

  /** A task id no longer exists; returns the unknown names whose suggestion changed. */
  removed(id: string): string[] {
    this.ids.delete(id);
    const changed: string[] = [];
    for (const [name, best] of this.best) {
      if (best.id !== id) continue;
      this.best.set(name, this.search(name));
      changed.push(name);
    }
    return changed;
  }

  private search(name: string): Best {
    const best: Best = { distance: suggestionLimit(name) };
    for (const id of this.ids) this.consider(name, id, best);
    return best;
  }

  private consider(name: string, id: string, best: Best): boolean {
    const distance = distanceWithin(name, id, best.distance + 1);
    const better = distance < best.distance || (distance === best.distance && best.id !== undefined && id < best.id);
    if (better) {
      best.id = id;
      best.distance = distance;
    }
    return better;
  }
}
