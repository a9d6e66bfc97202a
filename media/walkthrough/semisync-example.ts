// A first semisync program. Toast and eggs cook at the same time, each in its own process;
// breakfast is served once both are done: about 0.5 s instead of 0.8 s.
//
// Click "Run semisync graph" above a task to run it, or run the whole file from a terminal.
// To stop in a task, set a breakpoint in serve() and click "Debug task".
import { semisync, shared } from "semisync";

// Tasks run in separate processes: what they share goes through shared(), not module variables.
const kitchen = shared<{ toast: string; eggs: string }>("kitchen");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A callback runs in the process that started the run; it prints what a task returned.
function say(line: string) {
  console.log(line);
}

export class Breakfast {
  @semisync({ callback: say })
  static async toast() {
    await sleep(300); // the toaster
    kitchen.toast = "golden toast";
    return `toast is ready: ${kitchen.toast}`;
  }

  @semisync({ callback: say })
  static async eggs() {
    await sleep(500); // the pan
    kitchen.eggs = "scrambled eggs";
    return `eggs are ready: ${kitchen.eggs}`;
  }

  // Runs only when toast() and eggs() have finished.
  @semisync({ callback: say, dependencies: ["toast", "eggs"] })
  static serve() {
    const plate = `${kitchen.toast} with ${kitchen.eggs}`;
    return `served: ${plate}`;
  }
}

// Run as a program: queue the calls, then run them semi-synchronously.
Breakfast.toast();
Breakfast.eggs();
Breakfast.serve();
semisync.begin().then((report) => console.log(report.ok ? "breakfast is served" : "something burnt"));
