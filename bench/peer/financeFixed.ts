// The shape of ../shared/peer/finance_fixed.py (semisync.py 0.1's README example with fixed
// sleeps), for bench/peer.mjs: revenue sleeps 300 ms, expenses 500 ms, profit runs after both;
// each callback prints its line, values are random as there, through a shared namespace.
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
    await sleep(300);
    books.revenue = randint(1, 1000);
    return ["Revenue", books.revenue];
  }

  @semisync({ callback: output })
  static async expenses() {
    await sleep(500);
    books.expenses = randint(1, 500);
    return ["Expenses", books.expenses];
  }

  @semisync({ callback: output, dependencies: ["revenue", "expenses"] })
  static profit() {
    books.profit = books.revenue - books.expenses;
    return ["Profit", books.profit];
  }
}

const rounds = Number(process.env.ROUNDS ?? 1);
for (let round = 0; round < rounds; round++) {
  Finance.revenue();
  Finance.expenses();
  Finance.profit();
  const started = performance.now();
  await semisync.begin();
  console.log(`begin_ms ${(performance.now() - started).toFixed(1)}`);
  semisync.clear();
}
