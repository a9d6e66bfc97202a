/**
 * The calls that may start now, highest priority first and, among equals, in the order they
 * became ready. Calls that must run alone are kept apart, since only an empty worker takes them.
 * A binary heap each: taking the next call costs log n, however many thousands are ready.
 */
import type { CallState } from "./callState";

interface Entry {
  state: CallState;
  priority: number;
  order: number;
  alone: boolean;
}

class Heap {
  private readonly entries: Entry[] = [];

  get size(): number {
    return this.entries.length;
  }

  peek(): Entry | undefined {
    return this.entries[0];
  }

  push(entry: Entry): void {
    const entries = this.entries;
    entries.push(entry);
    let index = entries.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, entries[parent])) break;
      entries[index] = entries[parent];
      index = parent;
    }
    entries[index] = entry;
  }

  pop(): Entry | undefined {
    const entries = this.entries;
    const top = entries[0];
    const last = entries.pop();
    if (entries.length === 0 || !last) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= entries.length) break;
      const right = left + 1;
      const child = right < entries.length && before(entries[right], entries[left]) ? right : left;
      if (!before(entries[child], last)) break;
      entries[index] = entries[child];
      index = child;
    }
    entries[index] = last;
    return top;
  }
}

const before = (a: Entry, b: Entry) => a.priority > b.priority || (a.priority === b.priority && a.order < b.order);

export class ReadyCalls {
  private readonly shared = new Heap();
  private readonly alone = new Heap();
  /** Where each ready call's live entry is: a call skipped while ready leaves a stale entry behind, dropped when met. */
  private readonly live = new Map<CallState, Entry>();
  private aloneCount = 0;
  private nextOrder = 0;
  private frontOrder = 0;

  get size(): number {
    return this.live.size;
  }

  /** Ready calls that must run alone, each needing an empty worker. */
  get aloneSize(): number {
    return this.aloneCount;
  }

  push(state: CallState): void {
    this.add(state, this.nextOrder++);
  }

  /** Back to the head of its priority: a call that was about to start and could not. */
  pushFront(state: CallState): void {
    this.add(state, --this.frontOrder);
  }

  /** The next call of either kind, as the order says. */
  peek(): CallState | undefined {
    const shared = this.top(this.shared);
    const alone = this.top(this.alone);
    if (!shared || !alone) return (shared ?? alone)?.state;
    return before(shared, alone) ? shared.state : alone.state;
  }

  peekShared(): CallState | undefined {
    return this.top(this.shared)?.state;
  }

  peekAlone(): CallState | undefined {
    return this.top(this.alone)?.state;
  }

  /** Whether `a` comes before `b`; both must be ready. */
  comesFirst(a: CallState, b: CallState): boolean {
    return before(this.live.get(a)!, this.live.get(b)!);
  }

  remove(state: CallState): void {
    const entry = this.live.get(state);
    if (!entry) return;
    this.live.delete(state);
    if (entry.alone) this.aloneCount--;
    // The entry stays in its heap and is dropped when it reaches the top.
  }

  private add(state: CallState, order: number): void {
    this.remove(state);
    const alone = state.alone === true;
    const entry = { state, priority: state.node.priority, order, alone };
    this.live.set(state, entry);
    if (alone) this.aloneCount++;
    (alone ? this.alone : this.shared).push(entry);
  }

  private top(heap: Heap): Entry | undefined {
    for (;;) {
      const entry = heap.peek();
      if (!entry || this.live.get(entry.state) === entry) return entry;
      heap.pop();
    }
  }
}
