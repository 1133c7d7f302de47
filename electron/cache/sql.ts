// A thin wrapper over DatabaseSync: prepared statements are compiled once and reused, and
// `transaction` runs a function inside BEGIN IMMEDIATE ... COMMIT.

import type { DatabaseSync, StatementSync } from 'node:sqlite';

export class Sql {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Returns the prepared statement for `sql`, compiling it on first use. */
  prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one write transaction: all of its changes are kept, or none. */
  transaction<T>(work: () => T): T {
    if (this.db.isTransaction) return work();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
