/**
 * The text and facts of every file the scan reads, and where module specifiers lead: what
 * resolving dependencies looks at (bindings.ts, dependencies.ts). Scanned files are kept as the
 * workspace was given them; any other file an import chain passes through is read from disk once.
 */
import { dirname, isAbsolute } from "node:path";
import { resolveTypeScript } from "../project/resolve";
import type { BindingHost, ModuleTarget } from "./bindings";
import type { FileFacts, ReadFacts } from "./fileFacts";
import { Listings } from "./listings";
import { readText } from "./readText";

interface FileRecord {
  /** Given to the workspace: its tasks and problems are part of the result. Other files are only read for import chains. */
  scanned: boolean;
  mentionsSemisync: boolean;
  /**
   * The file's text: an unchanged text is not parsed again, and a barrel's plain members are
   * checked for a name without reading or parsing them (about 12 MB for the 5,000-file benchmark).
   */
  text: string;
  /** Read for files that mention semisync, and for any file an import chain passes through. */
  facts?: FileFacts;
  /** What other files' resolution reads from `facts`: when it is unchanged, they need no new look. */
  signature?: string;
  /** Whether the text has an `export *`, found the first time a barrel lookup asks. */
  starExport?: boolean;
}

export class SourceFiles implements Omit<BindingHost, "display"> {
  private readonly records = new Map<string, FileRecord>();
  private readonly modules = new Map<string, string>();
  private readonly listings = new Listings();

  constructor(private readonly readFacts: ReadFacts) {}

  get(file: string): FileRecord | undefined {
    return this.records.get(file);
  }

  /**
   * A scanned file's text, from disk or the editor. A file that does not mention the package
   * cannot declare tasks: it is parsed only if an import chain already reads it. Returns the
   * record it replaces.
   */
  setScanned(file: string, text: string): { before?: FileRecord; record: FileRecord } {
    const before = this.records.get(file);
    if (!before) this.listings.forget(file);
    const mentionsSemisync = text.includes("semisync");
    const needsFacts = mentionsSemisync || before?.facts !== undefined;
    const reuse = before?.facts && before.text === text;
    const facts = !needsFacts ? undefined : reuse ? before.facts : this.readFacts(text, file);
    const record: FileRecord = { scanned: true, mentionsSemisync, text, facts, signature: facts && signatureOf(facts) };
    this.records.set(file, record);
    return { before, record };
  }

  /** The files given to the workspace, as opposed to those only read for import chains. */
  scannedFiles(): string[] {
    return [...this.records].filter(([, record]) => record.scanned).map(([file]) => file);
  }

  /** Every file read, scanned or read for an import chain, with the text its facts came from. */
  texts(): Array<[file: string, text: string]> {
    return [...this.records].map(([file, record]) => [file, record.text]);
  }

  /** The folders whose listings answered whether a file exists. */
  listedFolders(): Iterable<[folder: string, names: ReadonlySet<string>]> {
    return this.listings.listed();
  }

  delete(file: string): void {
    this.records.delete(file);
    this.modules.clear();
    this.listings.forget(file);
  }

  factsOf(file: string): FileFacts | undefined {
    const record = this.recordOf(file);
    if (record && !record.facts) {
      record.facts = this.readFacts(record.text, file);
      record.signature = signatureOf(record.facts);
    }
    return record?.facts;
  }

  hasFacts(file: string): boolean {
    return this.records.get(file)?.facts !== undefined;
  }

  mayExport(file: string, name: string): boolean {
    const record = this.recordOf(file);
    if (!record || record.text.includes(name)) return true;
    record.starExport ??= /\bexport\s*\*/.test(record.text);
    return record.starExport;
  }

  resolveModule(specifier: string, from: string): ModuleTarget {
    // As in the engine, the package is always the engine's own runtime, whatever tsconfig paths say.
    if (specifier === "semisync") return { external: "the semisync package" };
    const key = `${dirname(from)}\0${specifier}`;
    const cached = this.modules.get(key);
    if (cached !== undefined) return { file: cached };
    let file: string | undefined;
    try {
      file = resolveTypeScript(specifier, from, (path) => this.listings.isFile(path));
    } catch (error) {
      return { external: (error as Error).message };
    }
    if (file !== undefined) {
      this.modules.set(key, file);
      return { file };
    }
    if (specifier.startsWith(".") || isAbsolute(specifier)) return { missing: true };
    return { external: "a package, or a path no tsconfig.json maps" };
  }

  private recordOf(file: string): FileRecord | undefined {
    let record = this.records.get(file);
    if (!record) {
      let text: string;
      try {
        text = readText(file);
      } catch {
        // A file that cannot be read resolves nothing; the dependency through it says so.
        return undefined;
      }
      record = { scanned: false, mentionsSemisync: text.includes("semisync"), text };
      this.records.set(file, record);
    }
    return record;
  }
}

/** Everything other files' resolution reads from a file's facts; positions are not part of it. */
function signatureOf(facts: FileFacts): string {
  return JSON.stringify([
    facts.modules,
    facts.imports,
    facts.exports,
    facts.reExports,
    facts.classes,
    facts.tasks.map((task) => `${task.className}.${task.method}`),
  ]);
}
