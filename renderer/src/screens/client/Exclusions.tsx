import { useId, useState } from 'react';
import type { ReportModel } from '../../../../shared/report/types.ts';

export interface ExclusionsProps {
  model: ReportModel | undefined;
  /** Device id to the reason the user gave. */
  excluded: ReadonlyMap<string, string>;
  onChange: (excluded: ReadonlyMap<string, string>) => void;
}

/** Lets the user leave devices out of the report with a reason, and take them back in. */
export function Exclusions({ model, excluded, onChange }: ExclusionsProps) {
  const [deviceId, setDeviceId] = useState('');
  const [reason, setReason] = useState('');
  const ids = { device: useId(), reason: useId() };
  const candidates = model?.devices ?? [];
  const names = new Map([...(model?.excludedDevices ?? []), ...candidates].map((device) => [device.id, device.name]));

  function exclude() {
    if (deviceId === '' || reason.trim() === '') return;
    onChange(new Map(excluded).set(deviceId, reason.trim()));
    setDeviceId('');
    setReason('');
  }

  function include(id: string) {
    const next = new Map(excluded);
    next.delete(id);
    onChange(next);
  }

  return (
    <details className="card">
      <summary>Excluded devices ({excluded.size})</summary>
      <div className="toolbar" style={{ marginTop: '0.6rem' }}>
        <label htmlFor={ids.device}>
          Device
          <select id={ids.device} value={deviceId} onChange={(event) => setDeviceId(event.target.value)}>
            <option value="">Choose a device…</option>
            {candidates.map((device) => (
              <option key={device.id} value={device.id}>
                {device.name} ({device.site})
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.reason}>
          Reason
          <input id={ids.reason} type="text" maxLength={200} value={reason} placeholder="Decommissioned in March" onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="button" onClick={exclude} disabled={deviceId === '' || reason.trim() === ''}>
          Exclude from the report
        </button>
      </div>
      {excluded.size > 0 ? (
        <ul className="failures" aria-label="Excluded devices">
          {[...excluded].map(([id, text]) => (
            <li key={id} className="row-actions">
              <span>
                <strong>{names.get(id) ?? id}</strong>: {text}
              </span>
              <button type="button" className="link" onClick={() => include(id)}>
                Include again
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
