// SQL text shared by both dialects: column lists and the ON CONFLICT ... DO UPDATE clause.
import type { Dialect } from './migrations.js';
import { SYNCED_AT, type TableSpec, writtenColumns } from './tables.js';

export const columnList = (spec: TableSpec) => writtenColumns(spec).join(', ');

/**
 * Later writes of a key overwrite every non-key column: re-syncs pick up the vendor's late changes.
 * A stamped row whose values did not change is left alone, so its stamp keeps saying when it last
 * changed (an export's increment holds only new and changed rows, not every re-read one).
 */
export function onConflictUpdate(spec: TableSpec, dialect: Dialect): string {
  const data = spec.columns.map(([name]) => name).filter((name) => !spec.key.includes(name));
  const sets = [...data, ...(spec.stamped ? [SYNCED_AT] : [])].map((name) => `${name} = excluded.${name}`);
  const clause = `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${sets.join(', ')}`;
  if (!spec.stamped) return clause;
  const stored = `(${data.map((name) => `${spec.name}.${name}`).join(', ')})`;
  const incoming = `(${data.map((name) => `excluded.${name}`).join(', ')})`;
  return `${clause} WHERE ${stored} ${dialect === 'postgres' ? 'IS DISTINCT FROM' : 'IS NOT'} ${incoming}`;
}
