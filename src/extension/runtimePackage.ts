/**
 * The runtime package the extension carries, as an npm tarball a project can depend on: the
 * extension's own folder is the `semisync` package (its `exports` give the runtime, `types` its
 * declarations), so the tarball holds those files under a package.json without the extension's parts.
 * The name `semisync` on the npm registry is not ours, so a project depends on this file instead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/** The bundles `import "semisync"` loads in a plain Node program: the runtime, its worker and the TypeScript loader. */
const RUNTIME_BUNDLES = ["runtime.js", "worker.js", "coordinator.js", "transpiler.js", "loader-hooks.js"];

/** Where the tarball goes inside a project, relative to its root. */
export function runtimeTarballPath(version: string): string {
  return join(".semisync", `semisync-${version}.tgz`);
}

/** Writes the tarball of the package in `extensionDir` into `root`; answers its path relative to `root`. */
export async function writeRuntimeTarball(extensionDir: string, root: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, "package.json"), "utf8")) as Record<string, unknown>;
  const path = runtimeTarballPath(String(manifest.version));
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), await runtimeTarball(extensionDir, manifest));
  return path;
}

/** Compressed off the editor's thread: about a second of work for the 10 MB transpiler inside. */
export function runtimeTarball(extensionDir: string, manifest: Record<string, unknown>): Promise<Buffer> {
  const files: Array<{ name: string; data: Buffer }> = [
    { name: "package.json", data: Buffer.from(JSON.stringify(runtimeManifest(manifest), null, 2) + "\n") },
    { name: "LICENSE", data: readFileSync(licenseOf(extensionDir)) },
    ...RUNTIME_BUNDLES.map((bundle) => ({
      name: `dist/${bundle}`,
      data: readFileSync(join(extensionDir, "dist", bundle)),
    })),
    ...filesUnder(join(extensionDir, "dist", "types")).map((file) => ({
      name: relative(extensionDir, file).split(sep).join("/"),
      data: readFileSync(file),
    })),
  ];
  return promisify(gzip)(
    Buffer.concat([...files.flatMap(({ name, data }) => tarEntry(`package/${name}`, data)), Buffer.alloc(1024)]),
  );
}

/** The package's manifest: what a project needs of it, without the extension's contributions and scripts. */
function runtimeManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const { name, version, description, license, engines, types, exports } = manifest;
  return {
    name,
    version,
    description,
    license,
    engines: { node: (engines as { node?: string } | undefined)?.node },
    main: "./dist/runtime.js",
    types,
    exports,
  };
}

/** A file in a ustar archive: a 512-byte header, then the data padded to 512 bytes. */
function tarEntry(name: string, data: Buffer): Buffer[] {
  if (Buffer.byteLength(name) > 100) throw new Error(`semisync: ${name} is too long a name for the runtime tarball`);
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, "utf8");
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, data.length);
  // A fixed time: the same package makes the same bytes, so a lockfile's integrity stays put.
  octal(136, 12, 0);
  field(156, 1, "0");
  field(257, 8, "ustar\u000000");
  // The checksum is computed with its own field as spaces.
  field(148, 8, " ".repeat(8));
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, checksum.toString(8).padStart(6, "0") + "\0 ");
  return [header, data, Buffer.alloc((512 - (data.length % 512)) % 512)];
}

/** The repository's LICENSE is LICENSE.txt in an installed .vsix: vsce renames it so. */
function licenseOf(extensionDir: string): string {
  const plain = join(extensionDir, "LICENSE");
  return existsSync(plain) ? plain : join(extensionDir, "LICENSE.txt");
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}
