// The cache schema as a list of migrations. `PRAGMA user_version` stores how many have run;
// a file whose version is above `SCHEMA_VERSION` was written by a newer build.
// Times are integer milliseconds since the Unix epoch (UTC); sizes are integer bytes.

import type { DatabaseSync } from 'node:sqlite';
import { refreshAllSummaries } from './summary.ts';

/** SQL to run, or a function for steps SQL cannot express; both run inside the migration's transaction. */
export type Migration = string | ((db: DatabaseSync) => void);

// Version 2: per-device summaries, so lists of devices and clients read no sessions.
const VERSION_2 = `
  CREATE TABLE device_summaries (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    session_count INTEGER NOT NULL,
    last_session_start INTEGER,
    last_backup_start INTEGER,
    last_backup_status TEXT,
    last_success_end INTEGER,
    last_success_or_warning_end INTEGER,
    PRIMARY KEY (account_id, device_id)
  ) WITHOUT ROWID;
`;

/** Each entry moves the schema from version `index` to `index + 1`. Never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (host, key_fingerprint)
  );

  CREATE TABLE clients (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT,
    view_dashboard INTEGER NOT NULL,
    view_workstation_assets INTEGER NOT NULL,
    dashboard_username TEXT,
    creation_date TEXT,
    server_count INTEGER NOT NULL,
    workstation_count INTEGER NOT NULL,
    mobile_device_count INTEGER NOT NULL,
    device_count INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER,
    PRIMARY KEY (account_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE sites (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    name TEXT NOT NULL,
    connection_ok INTEGER,
    creation_date TEXT,
    primary_router TEXT,
    secondary_router TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE devices (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    client_id TEXT NOT NULL,
    site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT,
    description TEXT,
    status TEXT,
    check_counts TEXT NOT NULL,
    take_control INTEGER NOT NULL,
    patch INTEGER NOT NULL,
    mav INTEGER NOT NULL,
    backup_enabled INTEGER NOT NULL,
    systray INTEGER NOT NULL,
    mavbreck INTEGER NOT NULL,
    details TEXT,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER,
    PRIMARY KEY (account_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX devices_by_client ON devices (account_id, client_id);

  CREATE TABLE sessions (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    storage_account_id TEXT,
    plugin TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER,
    selection_size INTEGER NOT NULL,
    selection_item_count INTEGER NOT NULL,
    size_change INTEGER NOT NULL,
    item_count_change INTEGER NOT NULL,
    removed_item_count INTEGER NOT NULL,
    processed_size INTEGER NOT NULL,
    processed_item_count INTEGER NOT NULL,
    transferred_size INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    removed_at INTEGER,
    PRIMARY KEY (account_id, device_id, start_at, id)
  ) WITHOUT ROWID;
  -- The primary key keeps each device's sessions in start order on disk, so a month is one
  -- range read; the unique index is the identity the sync upserts on.
  CREATE UNIQUE INDEX sessions_by_id ON sessions (account_id, device_id, id);
  CREATE INDEX sessions_by_device_plugin ON sessions (account_id, device_id, plugin, type, status, start_at);

  CREATE TABLE device_sync (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    last_attempt_at INTEGER,
    last_success_at INTEGER,
    last_error TEXT,
    last_error_kind TEXT,
    PRIMARY KEY (account_id, device_id)
  ) WITHOUT ROWID;

  CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT,
    clients INTEGER NOT NULL DEFAULT 0,
    devices_synced INTEGER NOT NULL DEFAULT 0,
    devices_skipped INTEGER NOT NULL DEFAULT 0,
    devices_failed INTEGER NOT NULL DEFAULT 0,
    sessions_added INTEGER NOT NULL DEFAULT 0,
    sessions_removed INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    failures TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX sync_runs_by_account ON sync_runs (account_id, started_at);
  `,
  (db) => {
    db.exec(VERSION_2);
    refreshAllSummaries(db);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
