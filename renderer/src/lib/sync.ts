import type { SyncFailure, SyncScope } from '../../../shared/contract.ts';

/** Returns the sync scopes that retry failures: the whole client where the client failed, else its failed devices. */
export function retryScopes(failures: readonly SyncFailure[]): SyncScope[] {
  if (failures.some((failure) => failure.clientId === null)) return [{ kind: 'clients' }];

  const byClient = new Map<string, { whole: boolean; deviceIds: string[] }>();
  for (const failure of failures) {
    const clientId = failure.clientId as string;
    const entry = byClient.get(clientId) ?? { whole: false, deviceIds: [] };
    if (failure.deviceId === null) entry.whole = true;
    else entry.deviceIds.push(failure.deviceId);
    byClient.set(clientId, entry);
  }
  return [...byClient].map(([clientId, entry]) =>
    entry.whole ? { kind: 'client', clientId } : { kind: 'client', clientId, deviceIds: entry.deviceIds },
  );
}
