/**
 * Reads one file's facts with the TypeScript parser ts-morph ships: `ts.createSourceFile` alone,
 * with no Project, binder or type checker, and the tree dropped once read. (A ts-morph Project
 * that held every file took 7.5 s and 826 MB on 5,000 files; parsing is the only part the scanner
 * needs.) This module is the bundle dist/parser.js, loaded on first need, because loading
 * TypeScript costs time that `semisync run` and editor activation should not pay.
 */
import ts from "@ts-morph/common/dist/typescript.js";
import { closestName } from "../shared/suggest";
import { OPTION_NAMES, problem, type Described } from "../shared/problems";
import { emptyFacts, type DependencyFact, type FileFacts, type Span } from "./fileFacts";

const PACKAGE = "semisync";

export function readFileFacts(text: string, file: string): FileFacts {
  const source = ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKindOf(file),
  );
  return new FactReader(source, file.endsWith(".cts")).read();
}

function scriptKindOf(file: string): ts.ScriptKind {
  return file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

type Reference = Extract<DependencyFact, { kind: "reference" }>;

class FactReader {
  private readonly facts = emptyFacts();
  /** Local names of the decorator: `import { semisync as ss }`, a default import, `const { semisync } = require(...)`. */
  private readonly decoratorNames = new Set<string>();
  /** Local names of the whole package: `import * as S from "semisync"`, then `@S.semisync()`. */
  private readonly namespaces = new Set<string>();
  private readonly topLevelClasses = new Map<ts.Node, number>();
  /** Where "@" is written: a decorator can only be inside a node that spans one. */
  private readonly ats: number[] = [];

  /** `commonJs`: a .cts file, which the engine always runs as CommonJS. */
  constructor(
    private readonly source: ts.SourceFile,
    private readonly commonJs: boolean,
  ) {}

  read(): FileFacts {
    for (const statement of this.source.statements) this.readStatement(statement);
    // Imports are all known by now, so decorators can be recognised wherever their class is.
    // Files that do not import the package declare no tasks, and their syntax is not the scanner's business.
    if (this.decoratorNames.size === 0 && this.namespaces.size === 0) return this.facts;
    for (let at = this.source.text.indexOf("@"); at >= 0; at = this.source.text.indexOf("@", at + 1)) this.ats.push(at);
    this.findClasses(this.source);
    const [syntaxError] = (this.source as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] })
      .parseDiagnostics;
    if (syntaxError) {
      const message = ts.flattenDiagnosticMessageText(syntaxError.messageText, " ");
      this.report(problem.syntaxError(message), this.spanAt(syntaxError.start, syntaxError.start + syntaxError.length));
    }
    return this.facts;
  }

  private readStatement(statement: ts.Statement): void {
    const { facts } = this;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      // `import type` is erased: the module is not loaded and its names are no values.
      if (clause?.isTypeOnly) return;
      facts.modules.push(module);
      if (clause?.name) this.addImport(clause.name.text, module, "default", clause.name);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.addImport(bindings.name.text, module, "*");
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements)
          if (!element.isTypeOnly)
            this.addImport(element.name.text, module, (element.propertyName ?? element.name).text, element);
      }
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      facts.modules.push(statement.moduleReference.expression.text);
      this.addImport(statement.name.text, statement.moduleReference.expression.text, "*");
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) this.readRequire(declaration);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const module = statement.moduleSpecifier.text;
        facts.modules.push(module);
        if (!clause) facts.reExports.push({ module });
        else if (ts.isNamespaceExport(clause)) facts.reExports.push({ module, names: [[clause.name.text, "*"]] });
        else
          facts.reExports.push({
            module,
            names: clause.elements
              .filter((e) => !e.isTypeOnly)
              .map((e) => [e.name.text, (e.propertyName ?? e.name).text]),
          });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements)
          if (!element.isTypeOnly) facts.exports.push([element.name.text, (element.propertyName ?? element.name).text]);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      facts.exports.push(["default", statement.expression.text]);
    } else if (ts.isClassDeclaration(statement)) {
      const modifiers = ts.getModifiers(statement) ?? [];
      const isDefault = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      // `export default class {}` is named "default" at run time, so its tasks are default.method.
      const name = statement.name?.text ?? (isDefault ? "default" : undefined);
      if (name === undefined) return;
      this.topLevelClasses.set(statement, facts.classes.length);
      facts.classes.push(name);
      if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))
        facts.exports.push([isDefault ? "default" : name, name]);
    }
  }

  /** CommonJS files (.cts) may write `const { semisync } = require("semisync")` or `const L = require("./ledger")`. */
  private readRequire(declaration: ts.VariableDeclaration): void {
    const init = declaration.initializer && unwrap(declaration.initializer);
    if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "require")
      return;
    const [specifier] = init.arguments;
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    this.facts.modules.push(specifier.text);
    if (ts.isIdentifier(declaration.name)) this.addImport(declaration.name.text, specifier.text, "*");
    else if (ts.isObjectBindingPattern(declaration.name)) {
      for (const element of declaration.name.elements) {
        const imported = element.propertyName
          ? propertyNameText(element.propertyName)
          : ts.isIdentifier(element.name)
            ? element.name.text
            : undefined;
        if (imported !== undefined && ts.isIdentifier(element.name))
          this.addImport(element.name.text, specifier.text, imported);
      }
    }
  }

  private addImport(local: string, module: string, imported: string, node?: ts.Node): void {
    this.facts.imports.push({ local, module, imported });
    if (module !== PACKAGE) return;
    if (imported === "*") this.namespaces.add(local);
    else if (imported === "semisync" || imported === "default") this.decoratorNames.add(local);
    // The engine runs the package as CommonJS: an ES module's default import of it is the module object, not the decorator.
    if (imported === "default" && node && !this.commonJs) {
      this.report(problem.defaultImport(node.getText(this.source)), this.spanOf(node));
    }
  }

  /** Classes anywhere: top-level ones can be imported by name; nested ones still declare tasks. */
  private findClasses(node: ts.Node): void {
    // Most of a file is code without decorators: its trees are not walked.
    if (!this.spansAnAt(node)) return;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const name =
        node.name?.text ??
        (this.topLevelClasses.has(node) ? this.facts.classes[this.topLevelClasses.get(node)!] : undefined);
      if (name !== undefined) this.readClass(node, name, this.topLevelClasses.get(node) ?? -1);
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isClassExpression(node.initializer) &&
      !node.initializer.name
    ) {
      // `const Ledger = class { … }`: the class is named after the variable.
      this.readClass(node.initializer, node.name.text, -1);
      ts.forEachChild(node.initializer, (child) => this.findClasses(child));
      return;
    }
    ts.forEachChild(node, (child) => this.findClasses(child));
  }

  private readClass(node: ts.ClassLikeDeclaration, className: string, classIndex: number): void {
    for (const decorator of this.semisyncDecorators(node)) {
      this.report(problem.decoratesClass(className), this.spanOf(decorator));
    }
    for (const member of node.members) {
      const decorators = this.semisyncDecorators(member);
      if (decorators.length === 0) continue;
      const name = member.name ? (propertyNameText(member.name) ?? member.name.getText(this.source)) : "(member)";
      const id = `${className}.${name}`;
      const isStatic = (ts.getModifiers(member as ts.HasModifiers) ?? []).some(
        (modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword,
      );
      if (!ts.isMethodDeclaration(member) || !isStatic) {
        const what = `${isStatic ? "a static" : "an instance"} ${memberKind(member)}`;
        for (const decorator of decorators)
          this.report(problem.notStaticMethod(id, what, name), this.spanOf(decorator));
        continue;
      }
      const [decorator, ...repeated] = decorators;
      for (const extra of repeated) this.report(problem.decoratedTwice(id), this.spanOf(extra));
      const call = decorator.expression;
      if (!ts.isCallExpression(call)) {
        this.report(problem.notCalled(id), this.spanOf(decorator));
        continue;
      }
      this.facts.tasks.push({
        className,
        method: name,
        classIndex,
        span: this.spanOf(decorator),
        dependencies: this.readOptions(call, id),
      });
    }
  }

  private spansAnAt(node: ts.Node): boolean {
    let low = 0;
    let high = this.ats.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ats[middle] < node.pos) low = middle + 1;
      else high = middle;
    }
    return low < this.ats.length && this.ats[low] < node.end;
  }

  private semisyncDecorators(node: ts.Node): ts.Decorator[] {
    if (!ts.canHaveDecorators(node)) return [];
    return (ts.getDecorators(node) ?? []).filter((decorator) => {
      const expression = decorator.expression;
      const callee = ts.isCallExpression(expression) ? expression.expression : expression;
      if (ts.isIdentifier(callee)) return this.decoratorNames.has(callee.text);
      return (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        this.namespaces.has(callee.expression.text) &&
        callee.name.text === "semisync"
      );
    });
  }

  private readOptions(call: ts.CallExpression, id: string): DependencyFact[] {
    const [written, ...extra] = call.arguments;
    if (extra.length > 0) this.report(problem.extraArguments(id), this.spanOf(extra[0]));
    if (!written) return [];
    const options = unwrap(written);
    if (ts.isIdentifier(options) && options.text === "undefined") return [];
    if (!ts.isObjectLiteralExpression(options)) {
      if (isLiteral(options) || ts.isArrayLiteralExpression(options) || ts.isFunctionLike(options)) {
        this.report(problem.optionsNotObject(id), this.spanOf(options));
      } else {
        this.report(problem.unreadableOptions(id, options.getText(this.source)), this.spanOf(options));
      }
      return [];
    }
    let dependencies: DependencyFact[] = [];
    for (const property of options.properties) {
      const name = property.name ? propertyNameText(property.name) : undefined;
      if (ts.isSpreadAssignment(property) || name === undefined) {
        this.report(problem.unreadableOption(id, property.getText(this.source)), this.spanOf(property));
        continue;
      }
      if (!(OPTION_NAMES as readonly string[]).includes(name)) {
        this.report(problem.unknownOption(name, closestName(name, OPTION_NAMES), id), this.spanOf(property));
        continue;
      }
      const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
      if (name === "dependencies") {
        if (ts.isMethodDeclaration(property)) dependencies = this.readThunk(property, id);
        else if (value) dependencies = this.readDependencies(value, id);
        else this.report(problem.unreadableDependencyOption(id, property.getText(this.source)), this.spanOf(property));
      } else if (
        name === "callback" &&
        value &&
        (isLiteral(value) || ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value))
      ) {
        this.report(problem.callbackNotFunction(id), this.spanOf(value));
      } else if (name === "timeout" && value && !isPositiveNumber(value)) {
        this.report(problem.timeoutNotPositive(id), this.spanOf(value));
      }
    }
    return dependencies;
  }

  /** An array of names or references, a thunk returning them, or one reference on its own: what the runtime accepts. */
  private readDependencies(value: ts.Expression, id: string): DependencyFact[] {
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return this.readThunk(value, id);
    if (ts.isArrayLiteralExpression(value)) return this.readList(value.elements, true, id);
    if (referenceOf(value)) return this.readList([value], true, id);
    if (isLiteral(value) || ts.isObjectLiteralExpression(value)) {
      this.report(problem.dependenciesNotList(id), this.spanOf(value));
      return [];
    }
    this.unresolvable(id, value);
    return [];
  }

  private readThunk(thunk: ts.FunctionLikeDeclaration, id: string): DependencyFact[] {
    const body = thunk.body;
    let returned: ts.Expression | undefined;
    if (body && ts.isBlock(body)) {
      // Only `{ return [...] }`: with more statements, which list comes back depends on running them.
      const [only, ...more] = body.statements;
      returned = only && more.length === 0 && ts.isReturnStatement(only) ? only.expression : undefined;
    } else {
      returned = body as ts.Expression | undefined;
    }
    if (!returned) {
      this.report(problem.unreadableThunk(id), this.spanOf(thunk));
      return [];
    }
    const list = unwrap(returned);
    return this.readList(ts.isArrayLiteralExpression(list) ? list.elements : [list], false, id);
  }

  private readList(elements: readonly ts.Expression[], direct: boolean, id: string): DependencyFact[] {
    const found: DependencyFact[] = [];
    elements.forEach((written, index) => {
      const element = unwrap(written);
      const span = this.spanOf(element);
      const reference = referenceOf(element);
      if (ts.isStringLiteral(element) || ts.isNoSubstitutionTemplateLiteral(element)) {
        found.push({ kind: "name", name: element.text, span });
      } else if (reference) {
        found.push({
          kind: "reference",
          path: reference.slice(0, -1),
          member: reference[reference.length - 1],
          direct,
          span,
        } satisfies Reference);
      } else if (ts.isArrowFunction(element) || ts.isFunctionExpression(element)) {
        this.report(problem.functionInList(id, index + 1), span);
      } else if (
        (isLiteral(element) && !ts.isTemplateExpression(element)) ||
        ts.isObjectLiteralExpression(element) ||
        ts.isArrayLiteralExpression(element)
      ) {
        this.report(problem.valueInList(id, index + 1, `\`${element.getText(this.source)}\``), span);
      } else {
        this.unresolvable(id, element);
      }
    });
    return found;
  }

  private unresolvable(id: string, node: ts.Node): void {
    this.report(problem.unreadableDependency(id, node.getText(this.source)), this.spanOf(node));
  }

  private report(described: Described, span: Span): void {
    this.facts.problems.push({ ...described, span });
  }

  private spanOf(node: ts.Node): Span {
    return this.spanAt(node.getStart(this.source), node.getEnd());
  }

  private spanAt(start: number, end: number): Span {
    const from = this.source.getLineAndCharacterOfPosition(start);
    const to = this.source.getLineAndCharacterOfPosition(end);
    return { line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
  }
}

/** `(x)`, `x as T`, `<T>x`, `x satisfies T` and `x!` all mean x. */
function unwrap(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isTypeAssertionExpression(inner) ||
    ts.isNonNullExpression(inner)
  ) {
    inner = inner.expression;
  }
  return inner;
}

/** `Finance.revenue`, `books.Ledger.close`, `Finance["revenue"]` as ["Finance", "revenue"] …; anything else undefined. */
function referenceOf(expression: ts.Expression): string[] | undefined {
  const path: string[] = [];
  let at: ts.Expression = expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(at) && ts.isIdentifier(at.name)) path.unshift(at.name.text);
    else if (ts.isElementAccessExpression(at) && ts.isStringLiteralLike(at.argumentExpression))
      path.unshift(at.argumentExpression.text);
    else break;
    at = unwrap(at.expression);
  }
  if (!ts.isIdentifier(at) || path.length === 0) return undefined;
  return [at.text, ...path];
}

function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name) ||
    ts.isNoSubstitutionTemplateLiteral(name)
  )
    return name.text;
  return undefined;
}

function memberKind(member: ts.ClassElement): string {
  if (ts.isMethodDeclaration(member)) return "method";
  if (ts.isGetAccessorDeclaration(member)) return "getter";
  if (ts.isSetAccessorDeclaration(member)) return "setter";
  if (ts.isPropertyDeclaration(member))
    return (ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AccessorKeyword)
      ? "accessor"
      : "field";
  return "member";
}

function isLiteral(node: ts.Expression): boolean {
  return (
    ts.isLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword
  );
}

/** A literal timeout must be a positive number; anything computed is the runtime's to check. */
function isPositiveNumber(value: ts.Expression): boolean {
  if (ts.isNumericLiteral(value)) return Number(value.text) > 0 && Number.isFinite(Number(value.text));
  if (ts.isPrefixUnaryExpression(value) && ts.isNumericLiteral(value.operand))
    return value.operator === ts.SyntaxKind.PlusToken && Number(value.operand.text) > 0;
  return !isLiteral(value) && !ts.isObjectLiteralExpression(value) && !ts.isArrayLiteralExpression(value);
}
