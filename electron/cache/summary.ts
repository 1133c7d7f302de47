// Per-device figures the screens list for every device (session count, latest backup, latest
// success), kept in `device_summaries` so a client list of 10,000 devices reads one row per
// device instead of every session. The last success follows the report model's rule: per plugin
// the latest BACKUP session counted as a success, its end (or start), the latest over plugins.

import type { DatabaseSync } from 'node:sqlite';
import type { BackupSession } from '../../shared/nsight.ts';
import { countedOutcome, laterSession } from '../../shared/report/outcome.ts';

/** Figures of one device's summary, with times in epoch milliseconds. */
export interface DeviceSummaryFigures {
  sessionCount: number;
  lastSessionStart: number | null;
  lastBackupStart: number | null;
  lastBackupStatus: string | null;
  /** Last success when only COMPLETED counts as a success. */
  lastSuccessEnd: number | null;
  /** Last success when COMPLETED_WITH_ERRORS counts as a success too. */
  lastSuccessOrWarningEnd: number | null;
}

/** The session fields a summary needs. */
export type SummarySession = Pick<BackupSession, 'id' | 'type' | 'plugin' | 'status' | 'start' | 'end'>;

/** Returns the report model's last success of one device: null when no session counts as one. */
export function lastSuccessOf(sessions: readonly SummarySession[], completedWithErrorsCountsAsSuccess: boolean): number | null {
  const latestByPlugin = new Map<string, BackupSession>();
  for (const session of sessions) {
    if (session.type !== 'BACKUP' || countedOutcome(session.status, completedWithErrorsCountsAsSuccess) !== 'success') continue;
    const current = latestByPlugin.get(session.plugin) ?? null;
    latestByPlugin.set(session.plugin, laterSession(current, session as BackupSession));
  }
  let latest: number | null = null;
  for (const session of latestByPlugin.values()) {
    const done = (session.end ?? session.start).getTime();
    if (latest === null || done > latest) latest = done;
  }
  return latest;
}

/** Computes a device's summary from all of its cached sessions, removed ones included. */
export function summarize(sessions: readonly SummarySession[]): DeviceSummaryFigures {
  let lastSessionStart: number | null = null;
  let lastBackup: BackupSession | null = null;
  for (const session of sessions) {
    const start = session.start.getTime();
    if (lastSessionStart === null || start > lastSessionStart) lastSessionStart = start;
    if (session.type === 'BACKUP') lastBackup = laterSession(lastBackup, session as BackupSession);
  }
  return {
    sessionCount: sessions.length,
    lastSessionStart,
    lastBackupStart: lastBackup?.start.getTime() ?? null,
    lastBackupStatus: lastBackup?.status ?? null,
    lastSuccessEnd: lastSuccessOf(sessions, false),
    lastSuccessOrWarningEnd: lastSuccessOf(sessions, true),
  };
}

const SUMMARY_SOURCE = 'SELECT id, type, plugin, status, start_at, end_at FROM sessions WHERE account_id = ? AND device_id = ?';

const SUMMARY_UPSERT = `
  INSERT INTO device_summaries (account_id, device_id, session_count, last_session_start, last_backup_start,
    last_backup_status, last_success_end, last_success_or_warning_end)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, device_id) DO UPDATE SET session_count = excluded.session_count,
    last_session_start = excluded.last_session_start, last_backup_start = excluded.last_backup_start,
    last_backup_status = excluded.last_backup_status, last_success_end = excluded.last_success_end,
    last_success_or_warning_end = excluded.last_success_or_warning_end`;

interface SourceRow {
  id: string;
  type: string;
  plugin: string;
  status: string;
  start_at: number;
  end_at: number | null;
}

function toSummarySession(row: SourceRow): SummarySession {
  return {
    id: row.id,
    type: row.type,
    plugin: row.plugin,
    status: row.status,
    start: new Date(row.start_at),
    end: row.end_at === null ? null : new Date(row.end_at),
  };
}

/** Recomputes device summaries inside the caller's transaction. */
export interface SummaryWriter {
  /** Reads every cached session of the device and stores its summary. */
  refresh(accountId: number, deviceId: string): void;
  /** Stores the summary of `sessions`, which must be every cached session of the device. */
  store(accountId: number, deviceId: string, sessions: readonly SummarySession[]): void;
}

/** Returns a writer over `prepare`, which may cache statements (the cache's `Sql`) or not (a migration). */
export function summaryWriter(prepare: (sql: string) => ReturnType<DatabaseSync['prepare']>): SummaryWriter {
  const store = (accountId: number, deviceId: string, sessions: readonly SummarySession[]): void => {
    const figures = summarize(sessions);
    prepare(SUMMARY_UPSERT).run(accountId, deviceId, figures.sessionCount, figures.lastSessionStart, figures.lastBackupStart,
      figures.lastBackupStatus, figures.lastSuccessEnd, figures.lastSuccessOrWarningEnd);
  };
  return {
    refresh(accountId, deviceId) {
      const rows = prepare(SUMMARY_SOURCE).all(accountId, deviceId) as unknown as SourceRow[];
      store(accountId, deviceId, rows.map(toSummarySession));
    },
    store,
  };
}

/** Computes the summary of every device that has sessions; the migration that adds the table runs it. */
export function refreshAllSummaries(db: DatabaseSync): void {
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const writer = summaryWriter((sql) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  });
  const devices = db.prepare('SELECT DISTINCT account_id, device_id FROM sessions').all() as { account_id: number; device_id: string }[];
  for (const device of devices) writer.refresh(device.account_id, device.device_id);
}
