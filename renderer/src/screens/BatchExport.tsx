import { useId, useState } from 'react';
import type { ExportFormat } from '../../../shared/contract.ts';
import { formatCount } from '../../../shared/report/format.ts';
import { isValidTimeZone, lastCompleteMonth } from '../../../shared/report/time.ts';
import { useApp } from '../app/context.tsx';
import { ExportStatus, FormatPicker, useExportRun } from '../components/ExportControls.tsx';
import { TimeZoneField } from '../components/TimeZoneField.tsx';
import { useBridgeQuery } from '../lib/use-call.ts';

/** Exports one report per client for a month into a folder, each in its own zone unless one is given. */
export function BatchExportScreen() {
  const { bridge, settings, zoneFor, dataVersion } = useApp();
  const [month, setMonth] = useState(() => lastCompleteMonth(new Date(), zoneFor(null)));
  const [timeZone, setTimeZone] = useState('');
  const [formats, setFormats] = useState<ExportFormat[]>(() => settings?.defaultFormats ?? ['xlsx', 'pdf']);
  const monthId = useId();
  const exporter = useExportRun();
  const clients = useBridgeQuery(() => bridge.listClients({}), [bridge, dataVersion]);

  const withBackup = clients.value?.filter((client) => client.backupDeviceCount > 0).length;
  const withoutBackup = clients.value === undefined || withBackup === undefined ? 0 : clients.value.length - withBackup;
  const monthValid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const zoneValid = timeZone === '' || isValidTimeZone(timeZone);

  function exportAll(overwrite = false) {
    void exporter.start(() =>
      bridge.exportReports({
        month,
        formats,
        ...(timeZone !== '' ? { timeZone } : {}),
        ...(overwrite ? { overwrite } : {}),
      }),
    );
  }

  return (
    <section className="screen" aria-labelledby="batch-title">
      <h1 id="batch-title">Batch export</h1>
      <p className="muted">
        Writes one report per client with Backup & Recovery ({withBackup === undefined ? '…' : formatCount(withBackup)}{' '}
        {withBackup === 1 ? 'client' : 'clients'}) for the month into a folder you choose. Existing files are kept unless you
        choose to replace them.
        {withoutBackup > 0
          ? ` ${formatCount(withoutBackup)} ${withoutBackup === 1 ? 'client has' : 'clients have'} no device with Backup & Recovery in the cache and ${withoutBackup === 1 ? 'is' : 'are'} skipped.`
          : ''}
      </p>
      <div className="toolbar" role="group" aria-label="Batch export options">
        <label htmlFor={monthId}>
          Month
          <input id={monthId} type="month" value={month} required onChange={(event) => setMonth(event.target.value)} />
        </label>
        <TimeZoneField value={timeZone} onChange={setTimeZone} hint="Empty: each client's own zone" />
        <FormatPicker value={formats} onChange={setFormats} />
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          onClick={() => exportAll()}
          disabled={exporter.run.running || !monthValid || !zoneValid || withBackup === 0}
        >
          Export every client
        </button>
      </div>
      <ExportStatus run={exporter.run} onCancel={exporter.cancel} onOverwrite={() => exportAll(true)} />
    </section>
  );
}
