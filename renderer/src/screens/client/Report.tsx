import { useId, useMemo, useState } from 'react';
import type { ClientSummary, ExportFormat } from '../../../../shared/contract.ts';
import { isValidTimeZone, lastCompleteMonth } from '../../../../shared/report/time.ts';
import { useApp } from '../../app/context.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ExportStatus, FormatPicker, useExportRun } from '../../components/ExportControls.tsx';
import { ReportPreview } from '../../components/ReportPreview.tsx';
import { Exclusions } from './Exclusions.tsx';
import { TimeZoneField } from '../../components/TimeZoneField.tsx';
import { UnitSwitch } from '../../components/UnitSwitch.tsx';
import { useBridgeQuery } from '../../lib/use-call.ts';
import type { SizeUnit } from '../../../../shared/report/types.ts';

/** Shows one client's monthly report: month, time zone and formats, an in-app preview, and the export. */
export function ReportTab({ client }: { client: ClientSummary }) {
  const { bridge, dataVersion, settings, zoneFor } = useApp();
  const clientZone = zoneFor(client.timeZone);
  const [month, setMonth] = useState(() => lastCompleteMonth(new Date(), clientZone));
  const [timeZone, setTimeZone] = useState(clientZone);
  const [formats, setFormats] = useState<ExportFormat[]>(() => settings?.defaultFormats ?? ['xlsx', 'pdf']);
  const [unit, setUnit] = useState<SizeUnit>(settings?.sizeUnit ?? 'GB');
  const [excluded, setExcluded] = useState<ReadonlyMap<string, string>>(new Map());
  const monthId = useId();
  const exporter = useExportRun();

  const zoneValid = isValidTimeZone(timeZone);
  const monthValid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const request = useMemo(
    () => ({
      clientId: client.id,
      month,
      ...(zoneValid ? { timeZone } : {}),
      ...(excluded.size > 0 ? { excludedDevices: [...excluded].map(([deviceId, reason]) => ({ deviceId, reason })) } : {}),
    }),
    [client.id, month, timeZone, zoneValid, excluded],
  );
  const preview = useBridgeQuery(
    () => (monthValid ? bridge.previewReport(request) : Promise.resolve({ ok: true as const, value: null })),
    [bridge, request, monthValid, dataVersion, settings],
  );

  function exportReport(overwrite = false) {
    void exporter.start(() => bridge.exportReport({ ...request, formats, ...(overwrite ? { overwrite } : {}) }));
  }

  return (
    <>
      <div className="toolbar" role="group" aria-label="Report options">
        <label htmlFor={monthId}>
          Month
          <input id={monthId} type="month" value={month} required onChange={(event) => setMonth(event.target.value)} />
        </label>
        <TimeZoneField value={timeZone} onChange={setTimeZone} hint={client.timeZone ? "Client's zone" : 'Default zone'} />
        <UnitSwitch value={unit} onChange={setUnit} />
        <FormatPicker value={formats} onChange={setFormats} />
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => exportReport()} disabled={exporter.run.running || !monthValid || !zoneValid}>
          Export report
        </button>
      </div>
      <ExportStatus run={exporter.run} onCancel={exporter.cancel} onOverwrite={() => exportReport(true)} />
      <Exclusions model={preview.value ?? undefined} excluded={excluded} onChange={setExcluded} />
      {preview.error ? <ErrorBanner error={preview.error} onRetry={preview.reload} /> : null}
      {!monthValid ? <p className="banner warning">Choose a month to preview the report.</p> : null}
      {preview.value ? (
        <div aria-busy={preview.loading}>
          <ReportPreview model={preview.value} unit={unit} />
        </div>
      ) : preview.loading ? (
        <p className="muted">Building the preview…</p>
      ) : null}
    </>
  );
}
