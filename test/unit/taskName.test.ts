import assert from "node:assert/strict";
import { taskNamed } from "../../src/shared/taskName";

describe("taskNamed (the engine and the CLI's check pick a named task alike)", () => {
  const tasks = [
    { id: "Finance.revenue", file: "/a.ts" },
    { id: "Finance.profit", file: "/a.ts" },
    { id: "Other.profit", file: "/b.ts" },
    { id: "Finance.revenue", file: "/b.ts" },
  ];
  it("picks Class.method by its id, preferring the file run, and none among several elsewhere", () => {
    assert.equal(taskNamed("Finance.revenue", "/b.ts", tasks), tasks[3]);
    assert.equal(taskNamed("Finance.revenue", "/c.ts", tasks), undefined);
    assert.equal(taskNamed("Other.profit", "/a.ts", tasks), tasks[2]);
  });
  it("picks a bare method name among every class's tasks of that name", () => {
    assert.equal(taskNamed("profit", "/b.ts", tasks), tasks[2]);
    assert.equal(taskNamed("profit", "/c.ts", tasks), undefined);
    assert.equal(taskNamed("revenue", "/a.ts", tasks), tasks[0]);
    assert.equal(taskNamed("enue", "/a.ts", tasks), undefined);
  });
});
