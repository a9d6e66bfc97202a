// Benchmark (1): the seed's finance example with fixed sleeps, in ROUNDS rounds of begin()
// separated by clear(), as semisync.py's README loops. Prints each round's begin() time.
import { semisync, shared } from "semisync";

const books = shared<{ revenue: number; expenses: number; profit: number }>("books");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Finance {
  @semisync({ callback: () => {} })
  static async revenue() {
    await sleep(300);
    books.revenue = 412;
    return ["Revenue", books.revenue];
  }

  @semisync({ callback: () => {} })
  static async expenses() {
    await sleep(500);
    books.expenses = 200;
    return ["Expenses", books.expenses];
  }

  @semisync({ callback: () => {}, dependencies: ["revenue", "expenses"] })
  static profit() {
    books.profit = books.revenue - books.expenses;
    return ["Profit", books.profit];
  }
}

const rounds: number[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 1); round++) {
  Finance.revenue();
  Finance.expenses();
  Finance.profit();
  const start = performance.now();
  const report = await semisync.begin();
  rounds.push(performance.now() - start);
  if (!report.ok) throw new Error("a task failed");
  semisync.clear();
}
console.log(`BENCH ${JSON.stringify({ rounds })}`);
