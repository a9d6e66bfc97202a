/** Something to undo: a subscription, a watcher. VS Code's own Disposable has this shape. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; the answer unsubscribes it. VS Code's `Event<T>` has this shape. */
type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * An event for the plain models (the index, the run controller), which must load without
 * 'vscode' so that unit tests can drive them: the shape of vscode.EventEmitter, nothing more.
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();
  private disposed = false;

  readonly event: Event<T> = (listener) => {
    // As VS Code's emitter: a listener added after dispose would never hear anything, so none is kept.
    if (this.disposed) return { dispose: () => {} };
    const subscribed = (value: T) => listener(value);
    this.listeners.add(subscribed);
    return { dispose: () => this.listeners.delete(subscribed) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One listener's error must not keep the others from hearing the event (as in VS Code's
        // emitter); thrown on its own, it reaches the extension host's error report.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
