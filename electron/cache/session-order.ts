// Sorted orders of session queries, kept in memory so a virtualized table pages in constant time.
// The first page of a query sorts every match once into a temporary table whose rowid is the
// position. Later pages at any offset are a rowid range. Any write drops the orders.
//
// An index per sort column would make even the first page an index range. But then every
// session write touches one scattered page per index: with ten such indexes, caching 100,000
// sessions of one client wrote 6.5 GB to disk instead of 0.25 GB.

import type { StatementSync } from 'node:sqlite';
import type { Sql } from './sql.ts';

/** A statement and its named parameters. */
export interface SqlStatement {
  sql: string;
  params: Record<string, string | number>;
}

/** The key of one session, as the order stores it. */
export interface SessionKey {
  device_id: string;
  start_at: number;
  id: string;
}

/** One kept order: its temporary table, row count, and the statement that reads a page of it. */
interface KeptOrder {
  table: string;
  total: number;
  page: StatementSync;
}

/** Orders kept at once; each takes about 40 bytes per matching session. */
const MAX_ORDERS = 4;

export class SessionOrders {
  private readonly sql: Sql;
  /** Kept orders by query text, least recently used first. */
  private readonly tables = new Map<string, KeptOrder>();
  private dataVersion: number | null = null;
  private nextTable = 1;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  /** Drops every order; the cache calls it after each of its own writes. */
  clear(): void {
    for (const { table } of this.tables.values()) this.sql.db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    this.tables.clear();
  }

  /**
   * Returns the keys at positions `offset` to `offset + limit` of `keys`, a statement that
   * selects session keys in order, and how many keys it selects. Builds the order on first use.
   */
  page(keys: SqlStatement, offset: number, limit: number): { total: number; keys: SessionKey[] } {
    this.dropIfChangedElsewhere();
    const id = JSON.stringify([keys.sql, keys.params]);
    let order = this.tables.get(id);
    if (order === undefined) {
      order = this.build(keys);
    } else {
      this.tables.delete(id);
    }
    this.tables.set(id, order);
    return { total: order.total, keys: order.page.all(offset, offset + limit) as unknown as SessionKey[] };
  }

  private build(keys: SqlStatement): KeptOrder {
    while (this.tables.size >= MAX_ORDERS) {
      const [oldest, { table }] = this.tables.entries().next().value as [string, { table: string }];
      this.sql.db.exec(`DROP TABLE IF EXISTS temp.${table}`);
      this.tables.delete(oldest);
    }
    const table = `session_order_${this.nextTable++}`;
    // Rows get rowids 1, 2, 3, ... in the order the SELECT returns them.
    this.sql.db.exec(`CREATE TEMP TABLE ${table} (device_id TEXT NOT NULL, start_at INTEGER NOT NULL, id TEXT NOT NULL)`);
    const inserted = this.sql.db.prepare(`INSERT INTO temp.${table} (device_id, start_at, id) ${keys.sql}`).run(keys.params);
    // Prepared here rather than through `Sql`, whose statements live as long as the connection.
    const page = this.sql.db.prepare(`SELECT device_id, start_at, id FROM temp.${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`);
    return { table, total: Number(inserted.changes), page };
  }

  /** Drops the orders when another connection (a sync from the command line) committed since. */
  private dropIfChangedElsewhere(): void {
    const { data_version: version } = this.sql.prepare('PRAGMA data_version').get() as { data_version: number };
    if (this.dataVersion !== null && version !== this.dataVersion) this.clear();
    this.dataVersion = version;
  }
}
