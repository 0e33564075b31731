// SQL text shared by both dialects: column lists and the ON CONFLICT ... DO UPDATE clause.
import type { TableSpec } from './tables.js';

export const columnList = (spec: TableSpec) => spec.columns.map(([name]) => name).join(', ');

/** Later writes of a key overwrite every non-key column: re-syncs pick up the vendor's late changes. */
export function onConflictUpdate(spec: TableSpec): string {
  const sets = spec.columns
    .map(([name]) => name)
    .filter((name) => !spec.key.includes(name))
    .map((name) => `${name} = excluded.${name}`);
  return `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${sets.join(', ')}`;
}
