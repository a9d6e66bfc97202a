import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { runCli } from "../helpers/cli";
import { launchChromium, openReport } from "../helpers/reportPage";
import { nothingLeft } from "../faults/matrix";
import { Machine, project, RedisServer } from "./machines";

describe("semisync run --redis: what the terminal and the HTML report say of where each task ran", function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let machine: Machine;
  let browser: Browser;
  let scratch: string;

  before(async () => {
    redis = await RedisServer.start();
    machine = await Machine.start("build-7", redis.url);
    browser = await launchChromium();
    scratch = mkdtempSync(join(tmpdir(), "semisync-redis-report-"));
  });
  after(async () => {
    await browser?.close();
    if (machine) assert.deepEqual(await machine.stop(), { code: 0, signal: null });
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("says the run goes through Redis, names each task's worker in its line and its timeline row", async () => {
    const report = join(scratch, "diamond.html");
    const url = redis.url.replace("redis://", "redis://default:unused@");
    const result = await runCli(["run", "diamond.ts", "--redis", url, "--report", report], {
      cwd: project,
      hungAfterMs: 50_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    assert.equal(
      lines[0],
      `semisync: 4 tasks, sent to semisync workers through Redis at ${redis.url.replace("redis://", "redis://default:***@")}`,
    );
    for (const key of ["Diamond.a", "Diamond.b", "Diamond.c", "Diamond.d"])
      assert.ok(
        lines.some((line) => new RegExp(`^✓ succeeded ${key} {2}[\\d.]+ m?s {2}on build-7$`).test(line)),
        `${key}'s line names its worker:\n${result.stdout}`,
      );
    assert.ok(!result.stdout.includes("unused"), "the password stays out of the terminal");
    const { page } = await openReport(browser, report);
    for (const key of ["Diamond.a", "Diamond.d"])
      assert.match(
        await page.locator(`.timeline-row[data-key="${key}"] .row-label`).innerText(),
        new RegExp(`^(★ )?${key} on build-7$`),
      );
    await page.context().close();
    await nothingLeft(result.mark);
  });
});
