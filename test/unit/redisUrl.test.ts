import { strict as assert } from "node:assert";
import { displayUrl } from "../../src/engine/redis/connection";

describe("a Redis URL as messages show it", () => {
  it("hides the password of a URL that parses, and keeps the user, host, port and database", () => {
    assert.equal(displayUrl("redis://alice:s3cret@queue-host:6379/2"), "redis://alice:***@queue-host:6379/2");
    assert.equal(displayUrl("redis://queue-host:6379"), "redis://queue-host:6379");
  });

  it("hides a password with a / or an @ in it (base64 often has /), though such a URL does not parse", () => {
    assert.equal(displayUrl("redis://alice:Zm9v/YmFy+cXV4@queue-host:6379"), "redis://alice:***@queue-host:6379");
    assert.equal(displayUrl("redis://:p@ss/w@rd@queue-host:6379"), "redis://:***@queue-host:6379");
  });
});
