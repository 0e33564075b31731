// The official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2, a devDependency) as a
// contract: its index.d.ts declares every model (`Models.X`, required fields without `?`) and every
// API method's return model; its src/.../api/*.js says which path and verb each method calls. Read
// programmatically, never copied, so a new SDK version is a new contract.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface SdkProperty {
  optional: boolean;
  type: ts.TypeNode;
}

export interface SdkOperation {
  api: string;
  name: string;
  method: string;
  /** The SDK's path with `{param}` placeholders. */
  path: string;
  /** The returned model's name, or undefined for `Promise<void>`. */
  returns: string | undefined;
}

export interface GenesysSdk {
  version: string;
  models: Map<string, Map<string, SdkProperty>>;
  operations: SdkOperation[];
  /** Fields the SDK's ApiClient reads from a `/oauth/token` answer. */
  tokenFields: string[];
}

const root = dirname(createRequire(import.meta.url).resolve('purecloud-platform-client-v2/package.json'));

export function loadGenesysSdk(): GenesysSdk {
  const source = ts.createSourceFile(
    'index.d.ts',
    readFileSync(join(root, 'index.d.ts'), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const models = new Map<string, Map<string, SdkProperty>>();
  const returns = new Map<string, string | undefined>();
  const propName = (name: ts.PropertyName) =>
    ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : name.getText(source);
  for (const statement of source.statements) {
    if (ts.isModuleDeclaration(statement) && statement.name.getText(source) === 'Models' && statement.body) {
      for (const model of (statement.body as ts.ModuleBlock).statements) {
        if (!ts.isInterfaceDeclaration(model)) continue;
        const props = new Map<string, SdkProperty>();
        for (const member of model.members)
          if (ts.isPropertySignature(member) && member.type)
            props.set(propName(member.name), { optional: !!member.questionToken, type: member.type });
        models.set(model.name.text, props);
      }
    }
    if (ts.isClassDeclaration(statement) && statement.name?.text.endsWith('Api')) {
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
        const inner = member.type.typeArguments?.[0];
        const model = inner && ts.isTypeReferenceNode(inner) ? inner.typeName.getText(source) : undefined;
        returns.set(`${statement.name.text}.${propName(member.name)}`, model?.replace(/^Models\./, ''));
      }
    }
  }
  const operations: SdkOperation[] = [];
  const apiDir = join(root, 'src/purecloud-platform-client-v2/api');
  for (const file of readdirSync(apiDir).filter((f) => f.endsWith('Api.js'))) {
    const api = file.replace(/\.js$/, '');
    const js = readFileSync(join(apiDir, file), 'utf8');
    for (const m of js.matchAll(
      /\n\t(\w+)\([^)]*\) \{(?:(?!\n\t\w+\()[\s\S])*?this\.apiClient\.callApi\(\s*'([^']+)',\s*'(\w+)'/g,
    )) {
      const [, name = '', path = '', method = ''] = m;
      const key = `${api}.${name}`;
      if (returns.has(key)) operations.push({ api, name, method, path, returns: returns.get(key) });
    }
  }
  const client = readFileSync(join(root, 'src/purecloud-platform-client-v2/ApiClient.js'), 'utf8');
  const tokenFields = [
    ...new Set([...client.matchAll(/response\.data(?:\['(\w+)'\]|\.(\w+))/g)].map((m) => m[1] ?? m[2] ?? '')),
  ];
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { version, models, operations, tokenFields };
}

/** The SDK operation for an emulator route (`:param` there, `{param}` in the SDK). */
export function operationFor(sdk: GenesysSdk, method: string, path: string): SdkOperation | undefined {
  const shape = (p: string) => p.replace(/\{[^}]+\}|:[^/]+/g, '{}');
  const matches = sdk.operations.filter((o) => o.method === method && shape(o.path) === shape(path));
  return matches.find((o) => o.returns !== undefined) ?? matches[0];
}

/**
 * Fields the SDK types as `string` that hold date-times. The .d.ts types dates as plain strings; the
 * SDK's generated model docs call these "Date" ("ISO-8601 string ... yyyy-MM-ddTHH:mm:ss[.mmm]Z"), and
 * they are the ones named like dates: `dateX`, `xDate`, `xStart`/`xEnd` timestamps, `expires`.
 */
const DATE_NAME =
  /^date[A-Z]|Date$|^(conversation|segment|session)?(Start|End)$|^(conversationStart|conversationEnd|segmentStart|segmentEnd|expires)$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Every way `value` breaks model `name` of the SDK: missing required fields, unknown fields, wrong types, bad dates. */
export function contractProblems(sdk: GenesysSdk, name: string, value: unknown, at = name): string[] {
  const model = sdk.models.get(name);
  if (!model) return [`${at}: the SDK has no model ${name}`];
  if (!isObject(value)) return [`${at}: expected an object (${name}), got ${kind(value)}`];
  const problems: string[] = [];
  for (const [key, prop] of model)
    if (!prop.optional && value[key] === undefined) problems.push(`${at}.${key}: required by ${name}, missing`);
  for (const [key, v] of Object.entries(value)) {
    const prop = model.get(key);
    if (!prop) problems.push(`${at}.${key}: not a field of ${name}`);
    else problems.push(...typeProblems(sdk, prop.type, v, `${at}.${key}`, key));
  }
  return problems;
}

function typeProblems(sdk: GenesysSdk, type: ts.TypeNode, value: unknown, at: string, key: string): string[] {
  if (value === null) return [`${at}: null (the SDK models no nulls; leave the field out)`];
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      if (typeof value !== 'string') return [`${at}: expected string, got ${kind(value)}`];
      return DATE_NAME.test(key) && !ISO_DATE_TIME.test(value)
        ? [`${at}: '${value}' is not an ISO-8601 UTC date-time`]
        : [];
    case ts.SyntaxKind.NumberKeyword:
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${at}: expected number, got ${kind(value)}`];
    case ts.SyntaxKind.BooleanKeyword:
      return typeof value === 'boolean' ? [] : [`${at}: expected boolean, got ${kind(value)}`];
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.ObjectKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return [];
  }
  if (ts.isUnionTypeNode(type)) {
    const literals = type.types.filter(ts.isLiteralTypeNode).map((t) => (t.literal as ts.StringLiteral).text);
    if (literals.length === type.types.length)
      return literals.includes(String(value)) ? [] : [`${at}: '${String(value)}' is not one of ${literals.join('|')}`];
    const each = type.types.map((t) => typeProblems(sdk, t, value, at, key));
    return each.some((p) => p.length === 0) ? [] : (each[0] ?? []);
  }
  if (ts.isArrayTypeNode(type)) return arrayProblems(sdk, type.elementType, value, at, key);
  if (ts.isTypeLiteralNode(type)) {
    // `{ [key: string]: T; }`
    const index = type.members.find(ts.isIndexSignatureDeclaration);
    if (!index) return [];
    if (!isObject(value)) return [`${at}: expected a map, got ${kind(value)}`];
    return Object.entries(value).flatMap(([k, v]) => typeProblems(sdk, index.type, v, `${at}.${k}`, k));
  }
  if (ts.isTypeReferenceNode(type)) {
    const ref = type.typeName.getText();
    if (ref === 'Array' && type.typeArguments?.[0]) return arrayProblems(sdk, type.typeArguments[0], value, at, key);
    if (ref.startsWith('Models.')) return contractProblems(sdk, ref.slice('Models.'.length), value, at);
    if (ref === 'Date')
      return typeof value === 'string' && ISO_DATE_TIME.test(value) ? [] : [`${at}: not an ISO-8601 date-time`];
  }
  return [];
}

function arrayProblems(sdk: GenesysSdk, element: ts.TypeNode, value: unknown, at: string, key: string): string[] {
  if (!Array.isArray(value)) return [`${at}: expected an array, got ${kind(value)}`];
  return value.flatMap((v, i) => typeProblems(sdk, element, v, `${at}[${i}]`, key));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
