// The simulated N-sight account: the records the demo and the local test server serve,
// already in the normalized shapes of `shared/nsight.ts`.

import type { BackupSession, Client, Device, DeviceDetails, Site } from '../../shared/nsight.ts';

/** A site with the id of the client it belongs to (`list_sites` itself omits it). */
export type SimSite = Site & { clientId: string };

/** Everything a simulated N-sight server returns for one API key. */
export interface SimAccount {
  /** The instant the account was generated for: no session ends after it. */
  asOf: Date;
  clients: Client[];
  sites: SimSite[];
  devices: Device[];
  /** `list_servers` / `list_workstations` fields by device; devices without an entry get defaults. */
  details?: DeviceDetails[];
  /** Sessions by device id, oldest first; devices with Backup & Recovery off have none. */
  sessions: Map<string, BackupSession[]>;
}

/** Counts the sessions of an account. */
export function countSessions(account: SimAccount): number {
  let total = 0;
  for (const list of account.sessions.values()) {
    total += list.length;
  }
  return total;
}
