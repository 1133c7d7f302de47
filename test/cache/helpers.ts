// Builders of normalized records for cache and sync tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackupSession, Client, Device } from '../../shared/nsight.ts';

/** Creates a temporary folder and returns it with a function that removes it. */
export function tempFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nsight-cache-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeClient(id: string, name: string, overrides: Partial<Client> = {}): Client {
  return {
    id,
    name,
    viewDashboard: false,
    viewWorkstationAssets: false,
    dashboardUsername: null,
    timeZone: null,
    creationDate: null,
    serverCount: 0,
    workstationCount: 0,
    mobileDeviceCount: 0,
    deviceCount: 0,
    ...overrides,
  };
}

export function makeDevice(id: string, clientId: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    type: 'server',
    name: `Device ${id}`,
    clientId,
    clientName: '',
    siteId: `site-${clientId}`,
    siteName: 'Head office',
    username: null,
    description: null,
    status: null,
    checkCounts: [],
    takeControl: false,
    patch: false,
    mav: false,
    backupEnabled: true,
    systray: false,
    mavbreck: false,
    ...overrides,
  };
}

/** A session starting at `start` (UTC, `YYYY-MM-DD HH:MM`) that ran for 30 minutes. */
export function makeSession(id: string, deviceId: string, start: string, overrides: Partial<BackupSession> = {}): BackupSession {
  const startDate = new Date(`${start.replace(' ', 'T')}:00Z`);
  return {
    id,
    deviceId,
    type: 'BACKUP',
    storageAccountId: '139',
    plugin: 'FILE_SYSTEM',
    start: startDate,
    end: new Date(startDate.getTime() + 30 * 60_000),
    selectionSize: 1000,
    selectionItemCount: 10,
    sizeChange: 0,
    itemCountChange: 0,
    removedItemCount: 0,
    processedSize: 1000,
    processedItemCount: 10,
    transferredSize: 100,
    errorCount: 0,
    status: 'COMPLETED',
    ...overrides,
  };
}
