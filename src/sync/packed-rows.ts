// A page's table rows packed by column for the trip from the decode worker to the sync's thread.
// Posted as they are, every cell was cloned on its own (some 70,000 strings a page of 1,000
// conversations) and rebuilding them took the sync's thread 4-7 ms a page, time its writes waited.
// By column — numbers and booleans in typed arrays that move without a copy, each text column as its
// distinct values and their indexes — the same rows are rebuilt in about 1 ms, sharing their repeated
// strings (vendor, org, ids, queue ids) instead of holding a copy in every row.
import type { ConversationRows, Row } from '../store/record-rows.js';
import type { Cell } from '../store/tables.js';

type PackedColumn =
  /** NaN for null: no cell of a JSON page is NaN. */
  | { kind: 'number'; values: Float64Array }
  /** 0 false, 1 true, 2 null. */
  | { kind: 'boolean'; values: Uint8Array }
  /** Indexes into `distinct`; -1 for null. */
  | { kind: 'text'; distinct: string[]; values: Int32Array }
  /** A column holding values of several types: as they are. */
  | { kind: 'mixed'; values: Cell[] };

interface PackedTable {
  rows: number;
  columns: PackedColumn[];
}

export interface PackedConversationRows {
  keys: PackedTable;
  /** Each conversation's number of participants, then all their segment counts in order. */
  shapeSizes: Int32Array;
  shapeCounts: Int32Array;
  conversations: PackedTable;
  participants: PackedTable;
  segments: PackedTable;
}

const ROW_TABLES = ['conversations', 'participants', 'segments'] as const;

function kindOf(rows: readonly (readonly Cell[])[], at: number): PackedColumn['kind'] {
  let kind: 'number' | 'boolean' | 'text' | undefined;
  for (const row of rows) {
    const v = row[at] ?? null;
    if (v === null) continue;
    const k = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text';
    if (kind === undefined) kind = k;
    else if (kind !== k) return 'mixed';
  }
  return kind ?? 'number';
}

function packColumn(rows: readonly (readonly Cell[])[], at: number): PackedColumn {
  const n = rows.length;
  const cell = (r: number) => (rows[r] as readonly Cell[])[at] ?? null;
  switch (kindOf(rows, at)) {
    case 'number': {
      const values = new Float64Array(n);
      for (let r = 0; r < n; r++) values[r] = (cell(r) as number | null) ?? Number.NaN;
      return { kind: 'number', values };
    }
    case 'boolean': {
      const values = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        const v = cell(r);
        values[r] = v === null ? 2 : v ? 1 : 0;
      }
      return { kind: 'boolean', values };
    }
    case 'text': {
      const index = new Map<string, number>();
      const distinct: string[] = [];
      const values = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const v = cell(r) as string | null;
        if (v === null) {
          values[r] = -1;
          continue;
        }
        let i = index.get(v);
        if (i === undefined) {
          i = distinct.length;
          distinct.push(v);
          index.set(v, i);
        }
        values[r] = i;
      }
      return { kind: 'text', distinct, values };
    }
    case 'mixed':
      return { kind: 'mixed', values: rows.map((_, r) => cell(r)) };
  }
}

function packTable(rows: readonly (readonly Cell[])[]): PackedTable {
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);
  return { rows: rows.length, columns: Array.from({ length: width }, (_, at) => packColumn(rows, at)) };
}

function unpackTable<R extends Row>(table: PackedTable): R[] {
  const { rows: n, columns } = table;
  const out: Cell[][] = new Array(n);
  for (let r = 0; r < n; r++) out[r] = new Array(columns.length);
  columns.forEach((column, at) => {
    switch (column.kind) {
      case 'number':
        for (let r = 0; r < n; r++) {
          const v = column.values[r] as number;
          (out[r] as Cell[])[at] = Number.isNaN(v) ? null : v;
        }
        return;
      case 'boolean':
        for (let r = 0; r < n; r++) {
          const v = column.values[r];
          (out[r] as Cell[])[at] = v === 2 ? null : v === 1;
        }
        return;
      case 'text':
        for (let r = 0; r < n; r++) {
          const i = column.values[r] as number;
          (out[r] as Cell[])[at] = i < 0 ? null : (column.distinct[i] as string);
        }
        return;
      case 'mixed':
        for (let r = 0; r < n; r++) (out[r] as Cell[])[at] = column.values[r] ?? null;
    }
  });
  return out as R[];
}

/** The rows packed, and the buffers to transfer with them (moved, not copied). */
export function packConversationRows(rows: ConversationRows): {
  packed: PackedConversationRows;
  transfer: ArrayBuffer[];
} {
  const shapeSizes = new Int32Array(rows.shapes.map((shape) => shape.length));
  const shapeCounts = new Int32Array(rows.shapes.flat());
  const packed: PackedConversationRows = {
    keys: packTable(rows.keys),
    shapeSizes,
    shapeCounts,
    conversations: packTable(rows.conversations),
    participants: packTable(rows.participants),
    segments: packTable(rows.segments),
  };
  const transfer = [shapeSizes.buffer, shapeCounts.buffer];
  for (const table of [packed.keys, ...ROW_TABLES.map((name) => packed[name])])
    for (const column of table.columns) if (column.kind !== 'mixed') transfer.push(column.values.buffer as ArrayBuffer);
  return { packed, transfer };
}

export function unpackConversationRows(packed: PackedConversationRows): ConversationRows {
  const shapes: number[][] = [];
  let at = 0;
  for (const size of packed.shapeSizes) {
    shapes.push(Array.from(packed.shapeCounts.subarray(at, at + size)));
    at += size;
  }
  return {
    keys: unpackTable(packed.keys),
    shapes,
    conversations: unpackTable(packed.conversations),
    participants: unpackTable(packed.participants),
    segments: unpackTable(packed.segments),
  };
}
