import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { classInstancePath, cloneMessage, uncloneablePath } from "../shared/cloneable";

/** Every process of one run finds the namespace store through this variable; the first process to need it creates it. */
export const SHARED_DIR_ENV = "SEMISYNC_SHARED_DIR";

/**
 * `Manager().Namespace()` for TypeScript: a plain-looking object whose properties every task
 * process reads and writes synchronously. Each property is a file holding its v8-serialised
 * value, written by rename so a reader never sees half a value. As in Python, two tasks that
 * write the same field race; nested objects are copies, so write the field back after changing it.
 */
export function shared<T extends object = Record<string, unknown>>(name: string): T {
  if (typeof name !== "string" || name.length === 0)
    throw new TypeError("shared(name): name must be a non-empty string");
  const dir = join(sharedStoreDir(), encodeURIComponent(name));
  mkdirSync(dir, { recursive: true });
  const fieldFile = (field: string) => join(dir, encodeURIComponent(field));
  const label = `shared(${JSON.stringify(name)})`;
  return new Proxy({} as T, {
    get(_target, field) {
      if (typeof field === "symbol") return undefined;
      return readField(fieldFile(field));
    },
    set(_target, field, value) {
      if (typeof field === "symbol") throw new TypeError(`${label} fields are named by strings`);
      let bytes: Buffer;
      try {
        bytes = serialize(value);
      } catch {
        throw new TypeError(cloneMessage(`${label}.${field}`, uncloneablePath(value, field) ?? field));
      }
      const lost = classInstancePath(value, field);
      if (lost) throw new TypeError(cloneMessage(`${label}.${field}`, lost));
      const file = fieldFile(field);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, file);
      return true;
    },
    has(_target, field) {
      return typeof field === "string" && readField(fieldFile(field)) !== undefined;
    },
    deleteProperty(_target, field) {
      if (typeof field === "string") {
        try {
          unlinkSync(fieldFile(field));
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      return true;
    },
    ownKeys() {
      return readdirSync(dir)
        .filter((entry) => !entry.endsWith(".tmp"))
        .map(decodeURIComponent);
    },
    getOwnPropertyDescriptor(_target, field) {
      if (typeof field === "symbol") return undefined;
      const value = readField(fieldFile(field));
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
}

function readField(file: string): unknown {
  try {
    return deserialize(readFileSync(file));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

/** The store of this run, created (and removed at exit) by the first process that needs it. */
export function sharedStoreDir(): string {
  const existing = process.env[SHARED_DIR_ENV];
  if (existing) return existing;
  const base = process.platform === "linux" ? "/dev/shm" : tmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(join(base, "semisync-shared-"));
  } catch {
    dir = mkdtempSync(join(tmpdir(), "semisync-shared-"));
  }
  process.env[SHARED_DIR_ENV] = dir;
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
