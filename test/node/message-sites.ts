// Where the worker's sources write a message a person reads, for messages-zh.test.ts. A message
// is rarely a literal right after `message:`: it is a ternary's branches, a template over several
// lines, a constant, the return of a function (`closedMonthMessage(…)`), a callback handed to a
// helper that builds the cell errors (`duplicateCells(…, (first) => \`… row ${first}\`)`), or a
// parser's own words passed through (papaparse). The sources are read with the TypeScript compiler
// the project already builds with, and each site's expression is followed through its branches
// and, by the type checker, to the declarations it names, in whatever file they are.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

export type Kind = 'field' | 'detail'
export interface Found {
  kind: Kind
  text: string
  file: string
}

export const SRC = join(import.meta.dirname, '../../src')
const PAPAPARSE = join(import.meta.dirname, '../../node_modules/papaparse/papaparse.js')

/**
 * Folders whose `message`s are not the API's: the catalog itself, and the robot adapters, whose
 * verdicts keep what the vendor answered (`310000 sign not match`) as a delivery's lastError.
 */
const NOT_MESSAGES = ['lib/messages/', 'channel/robots/']

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : []
  })
}

const isString = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)

/** What an interpolation reads as in a sample: a ternary's second branch (`s` of a plural), a nested template's own sample, else `9`. */
function sampleOf(expr: ts.Expression): string {
  if (ts.isConditionalExpression(expr) && isString(expr.whenFalse)) return expr.whenFalse.text
  let nested: ts.TemplateLiteral | undefined
  const find = (node: ts.Node): void => {
    if (nested) return
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) nested = node
    else ts.forEachChild(node, find)
  }
  find(expr)
  return nested ? templateSample(nested) : '9'
}

const templateSample = (t: ts.TemplateLiteral) => (ts.isNoSubstitutionTemplateLiteral(t) ? t.text : t.head.text + t.templateSpans.map((s) => sampleOf(s.expression) + s.literal.text).join(''))

/** Follows expressions to the texts they may be. */
class Reader {
  /** Each expression's texts, once read; an expression being read answers none (a cycle). */
  private readonly read = new Map<ts.Node, string[]>()
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The declaration a name or a call's callee stands for (`{ message }`: the variable), when it is the worker's own. */
  private declarationOf(node: ts.Node): ts.Declaration | undefined {
    let symbol = ts.isShorthandPropertyAssignment(node.parent) ? this.checker.getShorthandAssignmentValueSymbol(node.parent) : this.checker.getSymbolAtLocation(node)
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol)
    const declaration = symbol?.declarations?.[0]
    const file = declaration?.getSourceFile().fileName ?? ''
    return file.startsWith(SRC) && !file.includes('/lib/messages/') ? declaration : undefined
  }

  /** What a function returns: an arrow's expression, or each `return` of its own body. */
  returnsOf(fn: ts.SignatureDeclaration): string[] {
    const body = (fn as ts.FunctionLikeDeclarationBase).body
    if (!body) return []
    if (!ts.isBlock(body)) return this.texts(body)
    const out: string[] = []
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node) && node.expression) out.push(...this.texts(node.expression))
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit)
    }
    ts.forEachChild(body, visit)
    return out
  }

  /** The function a callee or a name is declared as, if it is one. */
  functionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
    const d = this.declarationOf(node)
    if (d && ts.isFunctionDeclaration(d)) return d
    if (d && ts.isVariableDeclaration(d) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) return d.initializer
    return undefined
  }

  texts(expr: ts.Expression): string[] {
    const known = this.read.get(expr)
    if (known) return known
    this.read.set(expr, [])
    const texts = this.follow(expr)
    this.read.set(expr, texts)
    return texts
  }

  private follow(expr: ts.Expression): string[] {
    if (isString(expr)) return [expr.text]
    if (ts.isTemplateExpression(expr)) return [templateSample(expr)]
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) return this.texts(expr.expression)
    if (ts.isConditionalExpression(expr)) return [...this.texts(expr.whenTrue), ...this.texts(expr.whenFalse)]
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return [...this.texts(expr.left), ...this.texts(expr.right)]
      if (op === ts.SyntaxKind.PlusToken) return [concatSample(expr)]
      return []
    }
    if (ts.isCallExpression(expr)) {
      const fn = this.functionOf(expr.expression)
      return fn ? this.returnsOf(fn) : []
    }
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
      const d = this.declarationOf(ts.isIdentifier(expr) ? expr : expr.name)
      if (d && (ts.isVariableDeclaration(d) || ts.isPropertyAssignment(d)) && d.initializer) return this.texts(d.initializer)
    }
    return []
  }
}

/** `'a ' + n + ' b'` as a sample: its literals, and `9` for the rest. */
function concatSample(expr: ts.Expression): string {
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) return concatSample(expr.left) + concatSample(expr.right)
  return isString(expr) ? expr.text : '9'
}

/** A schema check's own message: `.min(1, 'a reason is required')`, `.int('must be …')`, `.refine(check, '…')`. */
const SCHEMA_CHECKS = new Set(['min', 'max', 'positive', 'nonnegative', 'int', 'length', 'gte', 'lte', 'gt', 'lt', 'email', 'finite', 'nonempty', 'regex', 'refine'])
/** Calls whose argument at an index is a message. */
const ARGUMENT_SITES: Record<string, [number, Kind]> = { fail: [0, 'field'], forbidden: [0, 'detail'], notFound: [0, 'detail'], unauthorized: [0, 'detail'], invalid: [1, 'detail'] }
const PROPERTY_SITES: Record<string, Kind> = { message: 'field', detail: 'detail', readDetail: 'detail' }

function messagesOf(file: ts.SourceFile, reader: Reader): Omit<Found, 'file'>[] {
  const found: Omit<Found, 'file'>[] = []
  const add = (kind: Kind, texts: string[]) => found.push(...texts.map((text) => ({ kind, text })))
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && PROPERTY_SITES[node.name.text]) add(PROPERTY_SITES[node.name.text]!, reader.texts(node.initializer))
    if (ts.isShorthandPropertyAssignment(node) && PROPERTY_SITES[node.name.text]) add(PROPERTY_SITES[node.name.text]!, reader.texts(node.name))
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Problem' && node.arguments?.[1]) add('detail', reader.texts(node.arguments[1]))
    // Tables of messages (`CALENDAR_MESSAGES = { dateShape: 'must be …' }`): every entry.
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /MESSAGES$/.test(node.name.text) && node.initializer) {
      const table = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer
      if (ts.isObjectLiteralExpression(table)) for (const p of table.properties) if (ts.isPropertyAssignment(p)) add('field', reader.texts(p.initializer))
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const site = ts.isIdentifier(callee) ? ARGUMENT_SITES[callee.text] : undefined
      const arg = site && node.arguments[site[0]]
      if (site && arg) add(site[1], reader.texts(arg))
      if (ts.isPropertyAccessExpression(callee) && SCHEMA_CHECKS.has(callee.name.text)) for (const a of node.arguments) add('field', reader.texts(a))
      // A parameter named `message` that takes a function: the callback handed to it returns the message.
      const fn = reader.functionOf(callee)
      fn?.parameters.forEach((p, i) => {
        const callback = node.arguments[i]
        if (ts.isIdentifier(p.name) && /[mM]essage$/.test(p.name.text) && p.type && ts.isFunctionTypeNode(p.type) && callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          add('field', reader.returnsOf(callback))
        }
      })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  // The parser's own messages, which lib/csv.ts passes through as each line's message.
  if (file.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === 'papaparse')) add('field', papaparseMessages())
  return found
}

/** papaparse's messages (`message: '…'`, `addError(type, code, '…' + n + '…')`), numbers filled with a sample. */
export function papaparseMessages(): string[] {
  const file = ts.createSourceFile(PAPAPARSE, readFileSync(PAPAPARSE, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  const out: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'message' && isString(node.initializer)) out.push(node.initializer.text)
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'addError' && node.arguments[2]) out.push(concatSample(node.arguments[2]))
    ts.forEachChild(node, visit)
  }
  visit(file)
  return out
}

/** Every message the worker's sources can give, with the file it is written in. */
export function allMessages(): Found[] {
  const files = sources(SRC)
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.ReactJSX,
    jsxImportSource: 'hono/jsx',
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  })
  const reader = new Reader(program.getTypeChecker())
  return files
    .filter((path) => !NOT_MESSAGES.some((folder) => path.slice(SRC.length + 1).startsWith(folder)))
    .flatMap((path) => {
      const file = program.getSourceFile(path)!
      // A text without a word (`${id}.${timestamp}.${body}`, what a signature signs) is no message.
      return messagesOf(file, reader)
        .filter((m) => /[A-Za-z]{2,}/.test(m.text))
        .map((m) => ({ ...m, file: path.slice(SRC.length + 1) }))
    })
}
