/**
 * What one file says about @semisync tasks, read from its syntax alone (nothing is executed
 * and no type checker runs): its imports and exports, each decorated member, and each
 * dependency as written. Cross-file meaning is the workspace's job.
 */
import { Node, type Decorator, type Expression, type SourceFile } from "ts-morph";

export interface Location {
  file: string;
  line: number;
  column: number;
}

export type DependencyFact =
  | { kind: "name"; name: string; at: Location }
  | { kind: "reference"; object: string; member: string; at: Location }
  | { kind: "unresolvable"; text: string; at: Location };

export interface TaskFact {
  className: string;
  method: string;
  at: Location;
  dependencies: DependencyFact[];
}

export interface FileProblem {
  code: "not-static-method" | "malformed-options" | "syntax-error";
  message: string;
  at: Location;
}

export interface FileFacts {
  file: string;
  /** Local name → where it comes from. */
  imports: Map<string, { module: string; imported: string }>;
  /** Exported name → local name, for what this file declares or imports. */
  exports: Map<string, string>;
  /** `export { a as b } from "m"` and `export * from "m"`. */
  reExports: Array<{ module: string; names?: Map<string, string> }>;
  classes: Set<string>;
  tasks: TaskFact[];
  problems: FileProblem[];
}

const OPTION_NAMES = new Set(["callback", "dependencies", "timeout"]);

export function readFileFacts(source: SourceFile): FileFacts {
  const file = source.getFilePath();
  const at = (node: Node): Location => {
    const { line, column } = source.getLineAndColumnAtPos(node.getStart());
    return { file, line, column };
  };
  const facts: FileFacts = { file, imports: new Map(), exports: new Map(), reExports: [], classes: new Set(), tasks: [], problems: [] };
  const decoratorNames = new Set<string>();
  const namespaces = new Set<string>();

  for (const declaration of source.getImportDeclarations()) {
    const module = declaration.getModuleSpecifierValue();
    const namespace = declaration.getNamespaceImport()?.getText();
    const defaultImport = declaration.getDefaultImport()?.getText();
    if (module === "semisync") {
      if (namespace) namespaces.add(namespace);
      if (defaultImport) decoratorNames.add(defaultImport);
    }
    if (defaultImport) facts.imports.set(defaultImport, { module, imported: "default" });
    for (const named of declaration.getNamedImports()) {
      const local = named.getAliasNode()?.getText() ?? named.getName();
      facts.imports.set(local, { module, imported: named.getName() });
      if (module === "semisync" && named.getName() === "semisync") decoratorNames.add(local);
    }
  }
  for (const declaration of source.getExportDeclarations()) {
    const module = declaration.getModuleSpecifierValue();
    const named = declaration.getNamedExports();
    if (module === undefined) {
      for (const specifier of named) facts.exports.set(specifier.getAliasNode()?.getText() ?? specifier.getName(), specifier.getName());
    } else if (named.length === 0) {
      facts.reExports.push({ module });
    } else {
      facts.reExports.push({ module, names: new Map(named.map((specifier) => [specifier.getAliasNode()?.getText() ?? specifier.getName(), specifier.getName()])) });
    }
  }

  const isSemisync = (decorator: Decorator) => {
    const callee = decorator.getCallExpression()?.getExpression();
    if (!callee) return false;
    if (Node.isIdentifier(callee)) return decoratorNames.has(callee.getText());
    return Node.isPropertyAccessExpression(callee) && callee.getName() === "semisync" && namespaces.has(callee.getExpression().getText());
  };

  for (const declaration of source.getClasses()) {
    const className = declaration.getName();
    if (!className) continue;
    facts.classes.add(className);
    if (declaration.isExported()) facts.exports.set(declaration.isDefaultExport() ? "default" : className, className);
    for (const member of declaration.getMembers()) {
      if (!Node.isDecoratable(member)) continue;
      for (const decorator of member.getDecorators().filter(isSemisync)) {
        const name = Node.hasName(member) ? member.getName() : "(member)";
        const isStaticMethod = Node.isMethodDeclaration(member) && member.isStatic();
        if (!isStaticMethod) {
          facts.problems.push({ code: "not-static-method", message: `@semisync goes on static methods, but ${className}.${name} is not one. Make it \`static ${name}()\`.`, at: at(decorator) });
          continue;
        }
        facts.tasks.push({ className, method: name, at: at(decorator), dependencies: readOptions(decorator, `${className}.${name}`, facts, at) });
      }
    }
  }
  return facts;
}

function readOptions(decorator: Decorator, id: string, facts: FileFacts, at: (node: Node) => Location): DependencyFact[] {
  const [written, ...extra] = decorator.getArguments();
  if (extra.length > 0) facts.problems.push({ code: "malformed-options", message: `@semisync on ${id} takes one options object; remove the other arguments`, at: at(extra[0]) });
  if (!written) return [];
  const options = unwrap(written as Expression);
  if (!Node.isObjectLiteralExpression(options)) {
    facts.problems.push({ code: "malformed-options", message: `@semisync on ${id}: the options must be an object literal such as { callback, dependencies }`, at: at(options) });
    return [];
  }
  let dependencies: DependencyFact[] = [];
  for (const property of options.getProperties()) {
    const name = Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property) || Node.isMethodDeclaration(property) ? property.getName() : undefined;
    if (name === undefined || !OPTION_NAMES.has(name)) {
      facts.problems.push({ code: "malformed-options", message: `@semisync on ${id}: unknown option ${name === undefined ? property.getText() : `"${name}"`}; the options are callback, dependencies and timeout`, at: at(property) });
      continue;
    }
    if (name === "dependencies") {
      const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
      dependencies = value ? readDependencies(value, at) : [{ kind: "unresolvable", text: property.getText(), at: at(property) }];
    }
    if (name === "timeout" && Node.isPropertyAssignment(property)) {
      const value = property.getInitializer();
      if (value && Node.isNumericLiteral(value) && !(Number(value.getLiteralValue()) > 0)) {
        facts.problems.push({ code: "malformed-options", message: `@semisync on ${id}: timeout must be a positive number of milliseconds`, at: at(value) });
      }
    }
  }
  return dependencies;
}

/** An array of names or references, a thunk returning one, or a single reference. */
function readDependencies(value: Expression, at: (node: Node) => Location): DependencyFact[] {
  let list: Expression = value;
  if (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) {
    const body = value.getBody();
    const returned = Node.isBlock(body) ? body.getStatements().find(Node.isReturnStatement)?.getExpression() : (body as Expression);
    if (!returned) return [{ kind: "unresolvable", text: value.getText(), at: at(value) }];
    list = returned;
  }
  list = unwrap(list);
  const elements = Node.isArrayLiteralExpression(list) ? list.getElements() : [list];
  return elements.map((element): DependencyFact => {
    if (Node.isStringLiteral(element) || Node.isNoSubstitutionTemplateLiteral(element)) return { kind: "name", name: element.getLiteralText(), at: at(element) };
    if (Node.isPropertyAccessExpression(element) && Node.isIdentifier(element.getExpression())) {
      return { kind: "reference", object: element.getExpression().getText(), member: element.getName(), at: at(element) };
    }
    return { kind: "unresolvable", text: element.getText(), at: at(element) };
  });
}

/** `(x)`, `x as T`, `x satisfies T` all mean x. */
function unwrap(expression: Expression): Expression {
  let inner = expression;
  while (Node.isParenthesizedExpression(inner) || Node.isAsExpression(inner) || Node.isSatisfiesExpression(inner)) inner = inner.getExpression();
  return inner;
}

export function hasSyntaxErrors(source: SourceFile): boolean {
  return ((source.compilerNode as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) > 0;
}
