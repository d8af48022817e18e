import { fromMs, toMsOrNull } from '../time';

/**
 * How a domain field is kept in a column: `json` as JSON text, `json?` likewise but absent (not null) when
 * the field is optional and unset, `time` as epoch milliseconds so that SQL compares instants.
 */
export type ColumnKind = 'text' | 'num' | 'json' | 'json?' | 'time';
type Row = Record<string, unknown>;

/** A domain type's columns, named by its fields: listing every field is checked by the compiler. */
export interface Table<T> {
  name: string;
  /** `INSERT INTO name (...) VALUES (@...)` with named parameters. */
  insertSql: string;
  /** `col = @col, ...` for every column but the given ones (for UPDATE ... SET). */
  assignments(except: string[]): string;
  toRow(value: T): Row;
  fromRow(row: unknown): T;
}

export function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function defineTable<T>(name: string, kinds: { [K in keyof T]-?: ColumnKind }): Table<T> {
  const fields = Object.entries(kinds as Record<string, ColumnKind>).map(([field, kind]) => ({
    field,
    kind,
    column: snake(field),
  }));
  const columns = fields.map((f) => f.column);
  return {
    name,
    insertSql: `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    assignments: (except) =>
      columns
        .filter((c) => !except.includes(c))
        .map((c) => `${c} = @${c}`)
        .join(', '),
    toRow(value) {
      const row: Row = {};
      const v = value as Row;
      for (const { field, kind, column } of fields) row[column] = toColumn(kind, v[field]);
      return row;
    },
    fromRow(raw) {
      const row = raw as Row;
      const value: Row = {};
      for (const { field, kind, column } of fields) {
        const cell = row[column];
        if (kind === 'json?' && cell == null) continue;
        value[field] = fromColumn(kind, cell);
      }
      return value as T;
    },
  };
}

function toColumn(kind: ColumnKind, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (kind === 'json' || kind === 'json?') return JSON.stringify(value);
  if (kind === 'time') return toMsOrNull(value as string);
  return value;
}

function fromColumn(kind: ColumnKind, cell: unknown): unknown {
  if (cell === null || cell === undefined) return null;
  if (kind === 'json' || kind === 'json?') return JSON.parse(cell as string) as unknown;
  if (kind === 'time') return fromMs(cell as number);
  return cell;
}
