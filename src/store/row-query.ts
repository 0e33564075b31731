// A read of one table or view as plain data, turned into SQL for either database: names are checked
// against the catalog (exports take them from the command line), values are always bound, and rows
// come back normalised by column kind so SQLite and PostgreSQL give identical values.
import { RELATIONS, type Relation, type RelationColumnKind, relationNamed } from './relations.js';
import { UnknownRelationError } from './store-errors.js';
import type { Cell } from './tables.js';

export type Filter =
  | { column: string; op: '=' | '<' | '<=' | '>' | '>='; value: string | number }
  | { column: string; op: 'in'; values: readonly (string | number)[] };

export interface RowQuery {
  /** A table or view name from the catalog (relations.ts). */
  relation: string;
  /** All must hold. */
  where?: readonly Filter[];
  orderBy?: readonly string[];
}

interface BuiltSelect {
  sql: string;
  params: (string | number)[];
  relation: Relation;
}

export function buildSelect(query: RowQuery, placeholder: (n: number) => string): BuiltSelect {
  const relation = relationNamed(query.relation);
  if (!relation)
    throw new UnknownRelationError(
      query.relation,
      RELATIONS.map((r) => r.name),
    );
  const known = new Set(relation.columns.map((c) => c.name));
  const column = (name: string) => {
    // Programming errors, not user input: callers pass catalog names.
    if (!known.has(name)) throw new RangeError(`${relation.name} has no column ${name}`);
    return name;
  };
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return placeholder(params.length);
  };
  const conditions = (query.where ?? []).map((f) =>
    f.op === 'in'
      ? f.values.length === 0
        ? '1 = 0'
        : `${column(f.column)} IN (${f.values.map(bind).join(', ')})`
      : `${column(f.column)} ${f.op} ${bind(f.value)}`,
  );
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const order = query.orderBy?.length ? ` ORDER BY ${query.orderBy.map(column).join(', ')}` : '';
  const columns = relation.columns.map((c) => c.name).join(', ');
  return { sql: `SELECT ${columns} FROM ${relation.name}${where}${order}`, params, relation };
}

function normalize(kind: RelationColumnKind, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'bool':
      return Boolean(value);
    case 'int':
    case 'real':
      return Number(value);
    case 'timestamp':
      // PostgreSQL gives a Date; SQLite's views already give the same ISO-8601 text.
      return value instanceof Date ? value.toISOString() : String(value);
    case 'text':
      return String(value);
  }
}

/** A driver's row -> the catalog's columns, in order, with one canonical value each. */
export function normalizeRow(relation: Relation, raw: Record<string, unknown>): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const c of relation.columns) row[c.name] = normalize(c.kind, raw[c.name]);
  return row;
}
