// The example of semisync.py's README, ported: revenue and expenses are fetched in parallel,
// profit is computed once both are known. Run it with `npx semisync run examples/finance.ts`.
import { semisync, shared } from "semisync";

const books = shared<{ revenue: number; expenses: number; profit: number }>("books");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randint = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

function output(field: string, value: number) {
  console.log(`${field}: $${value}`);
}

export class Finance {
  @semisync({ callback: output })
  static async revenue() {
    await sleep(300); // a simulated API call
    books.revenue = randint(1, 1000);
    return ["Revenue", books.revenue] as const;
  }

  @semisync({ callback: output })
  static async expenses() {
    await sleep(500); // a slower one
    books.expenses = randint(1, 1000);
    return ["Expenses", books.expenses] as const;
  }

  // Runs only when revenue() and expenses() have completed.
  @semisync({ callback: output, dependencies: ["revenue", "expenses"] })
  static profit() {
    books.profit = books.revenue - books.expenses;
    return ["Profit", books.profit] as const;
  }
}

Finance.revenue();
Finance.expenses();
Finance.profit();
await semisync.begin();
semisync.clear();
