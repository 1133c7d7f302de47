import { useState } from 'react';
import {
  DAY_STATUS_LABELS,
  attentionText,
  formatCount,
  formatPercent,
  formatSize,
  formatSizeChange,
  formatSizeWithUnit,
  sizeHeader,
} from '../../../shared/report/format.ts';
import { formatLocalDate, formatLocalDateTime } from '../../../shared/report/time.ts';
import type { DayStatus, ReportDevice, ReportModel } from '../../../shared/report/types.ts';
import type { SizeUnit } from '../../../shared/report/types.ts';

/** Devices drawn before "Show all": the grid has a cell per device and day. */
const FIRST_DEVICES = 200;

const DAY_LETTERS: Record<DayStatus, string> = { success: '✓', warning: '!', failed: '✕', none: '·' };

/** Shows the report's figures, its "needs attention" list, the device table and the daily grid, as the exports print them. */
export function ReportPreview({ model, unit }: { model: ReportModel; unit: SizeUnit }) {
  const [showAll, setShowAll] = useState(false);
  const zone = model.period.timeZone;
  const totals = model.totals;
  const devices = showAll ? model.devices : model.devices.slice(0, FIRST_DEVICES);
  const hidden = model.devices.length - devices.length;

  return (
    <div className="screen" data-testid="report-preview">
      <p className="muted">
        {model.client.name} · {model.period.month} · {zone} · generated {formatLocalDateTime(model.generatedAt, zone)} · data as of{' '}
        {model.dataAsOf === null ? 'never synced' : formatLocalDateTime(model.dataAsOf, zone)}
      </p>
      <IncompleteNotice model={model} />

      <h2>Figures</h2>
      <dl className="figures" aria-label="Client figures">
        <Figure label="Devices" value={formatCount(totals.devices)} />
        <Figure label="Devices at risk" value={formatCount(totals.devicesAtRisk)} />
        <Figure label="Devices without sessions" value={formatCount(totals.devicesWithoutSessions)} />
        <Figure label="Backup sessions" value={formatCount(totals.backupSessions)} />
        <Figure label="Success rate" value={formatPercent(totals.successRate)} />
        <Figure label="Protected data" value={formatSizeWithUnit(totals.protectedBytes, unit)} />
        <Figure label="Change since last month" value={sizeChangeWithUnit(totals.protectedChangeBytes, unit)} />
        <Figure label="Data transferred" value={formatSizeWithUnit(totals.transferredBytes, unit)} />
        <Figure label="Errors" value={formatCount(totals.errorCount)} />
        <Figure label="Restores performed" value={formatCount(totals.restores)} />
      </dl>
      <p className="muted">
        Sessions by status:{' '}
        {Object.entries(totals.statusCounts)
          .map(([status, count]) => `${status} ${formatCount(count)}`)
          .join(', ') || 'none'}
      </p>

      <h2>Needs attention</h2>
      {model.needsAttention.length === 0 ? (
        <p>Nothing needs attention this month.</p>
      ) : (
        <ul className="attention-list" aria-label="Needs attention">
          {model.needsAttention.map((item, index) => (
            <li key={`${item.kind}-${item.deviceId}-${index}`}>{attentionText(item, zone)}</li>
          ))}
        </ul>
      )}

      <h2>Devices</h2>
      <DeviceTable devices={devices} unit={unit} zone={zone} />
      {hidden > 0 ? (
        <button type="button" onClick={() => setShowAll(true)}>
          Show all {formatCount(model.devices.length)} devices
        </button>
      ) : null}

      <h2>Daily status</h2>
      <Legend />
      <DailyGrid model={model} devices={devices} />

      {model.excludedDevices.length > 0 ? (
        <>
          <h2>Excluded devices</h2>
          <ul>
            {model.excludedDevices.map((device) => (
              <li key={device.id}>
                {device.name} ({device.site}): {device.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <details>
        <summary>Rules used</summary>
        <ul>
          {model.rules.texts.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** Formats a signed size change with its unit, such as `+1.25 GB`, for a figure outside a table. */
function sizeChangeWithUnit(bytes: number | null, unit: SizeUnit): string {
  const text = formatSizeChange(bytes, unit);
  return bytes === null || unit === 'auto' ? text : `${text} ${unit}`;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function IncompleteNotice({ model }: { model: ReportModel }) {
  const notes: string[] = [];
  if (model.incomplete.generatedBeforeMonthEnd) notes.push('the month is not over yet');
  else if (model.incomplete.dataSyncedBeforeMonthEnd) notes.push('the data was synced before the month ended');
  if (model.incomplete.devicesNeverSynced > 0) {
    notes.push(`${formatCount(model.incomplete.devicesNeverSynced)} devices were never synced`);
  }
  if (notes.length === 0) return null;
  return (
    <p className="banner warning" role="note">
      This report may miss sessions because {notes.join(' and ')}: sync the client before exporting.
    </p>
  );
}

function DeviceTable({ devices, unit, zone }: { devices: ReportDevice[]; unit: SizeUnit; zone: string }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="plain" aria-label="Device figures">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Site</th>
            <th scope="col" className="num">Sessions</th>
            <th scope="col" className="num">Success rate</th>
            <th scope="col">Last success</th>
            <th scope="col" className="num">Days since</th>
            <th scope="col" className="num">{sizeHeader('Protected', unit)}</th>
            <th scope="col" className="num">{sizeHeader('Change', unit)}</th>
            <th scope="col" className="num">{sizeHeader('Transferred', unit)}</th>
            <th scope="col" className="num">Errors</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id}>
              <th scope="row">
                {device.name} {device.atRisk ? <span className="badge failed">at risk</span> : null}
              </th>
              <td>{device.site}</td>
              <td className="num">{formatCount(device.sessions)}</td>
              <td className="num">{formatPercent(device.successRate)}</td>
              <td>{device.lastSuccess === null ? 'none' : formatLocalDate(device.lastSuccess, zone)}</td>
              <td className="num">{device.daysSinceLastSuccess === null ? 'n/a' : formatCount(device.daysSinceLastSuccess)}</td>
              <td className="num">{formatSize(device.selectionSizeBytes, unit)}</td>
              <td className="num">{formatSizeChange(device.selectionSizeChangeBytes, unit)}</td>
              <td className="num">{formatSize(device.transferredBytes, unit)}</td>
              <td className="num">{formatCount(device.errorCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Legend() {
  const statuses: DayStatus[] = ['success', 'warning', 'failed', 'none'];
  return (
    <div className="legend" aria-label="Legend">
      {statuses.map((status) => (
        <span key={status}>
          <span className={`day ${status}`} aria-hidden="true">
            {DAY_LETTERS[status]}
          </span>
          {DAY_STATUS_LABELS[status]}
        </span>
      ))}
    </div>
  );
}

function DailyGrid({ model, devices }: { model: ReportModel; devices: ReportDevice[] }) {
  const days = devices[0]?.days ?? [];
  return (
    <div className="daily-grid" tabIndex={0} role="region" aria-label="Daily status grid">
      <table>
        <thead>
          <tr>
            <th scope="col" className="device">
              Device
            </th>
            {days.map((day) => (
              <th scope="col" key={day.date} title={day.date}>
                {Number(day.date.slice(8))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id}>
              <th scope="row" className="device">
                {device.name}
              </th>
              {device.days.map((day) => (
                <td key={day.date} className={`day ${day.status}`} title={`${day.date}: ${DAY_STATUS_LABELS[day.status]}`}>
                  <span aria-hidden="true">{DAY_LETTERS[day.status]}</span>
                  <span className="sr-only">{DAY_STATUS_LABELS[day.status]}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {model.devices.length === 0 ? <p className="muted">No device with Backup &amp; Recovery.</p> : null}
    </div>
  );
}
