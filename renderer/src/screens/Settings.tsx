import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AppSettings, BridgeError } from '../../../shared/contract.ts';
import { isValidTimeZone } from '../../../shared/report/time.ts';
import { useApp } from '../app/context.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FormatPicker } from '../components/ExportControls.tsx';
import { TimeZoneField } from '../components/TimeZoneField.tsx';
import { UnitSwitch } from '../components/UnitSwitch.tsx';
import { settingsPatch } from '../lib/settings.ts';
import { settle } from '../lib/use-call.ts';

/** Report and sync settings: MSP name and logo, unit, at-risk threshold, warning rule, paper, zone, budget. */
export function SettingsScreen() {
  const { bridge, settings, setSettings, info } = useApp();
  const [draft, setDraft] = useState<AppSettings | null>(settings);
  const [error, setError] = useState<BridgeError | null>(null);
  const [saved, setSaved] = useState(false);
  const ids = { name: useId(), risk: useId(), warning: useId(), paper: useId(), calls: useId(), concurrency: useId() };

  useEffect(() => {
    if (settings && !draft) setDraft(settings);
  }, [settings, draft]);

  if (!settings || !draft) return <p className="muted">Loading…</p>;

  const update = (patch: Partial<AppSettings>) => {
    setSaved(false);
    setDraft((current) => (current ? { ...current, ...patch } : current));
  };
  const patch = settingsPatch(settings, draft);
  const zoneValid = draft.defaultTimeZone === null || isValidTimeZone(draft.defaultTimeZone);
  const dirty = Object.keys(patch).length > 0;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!dirty || !zoneValid) return;
    const result = await settle(bridge.setSettings({ patch }));
    if (!result.ok) return setError(result.error);
    setError(null);
    setSettings(result.value);
    setDraft(result.value);
    setSaved(true);
  }

  async function chooseLogo() {
    const result = await settle(bridge.chooseLogo());
    if (!result.ok) return setError(result.error);
    if (result.value.status === 'chosen') {
      setSettings(result.value.settings);
      setDraft((current) => (current ? { ...current, logo: result.value.status === 'chosen' ? result.value.settings.logo : null } : current));
    }
  }

  async function removeLogo() {
    const result = await settle(bridge.setSettings({ patch: { logo: null } }));
    if (!result.ok) return setError(result.error);
    setSettings(result.value);
    setDraft((current) => (current ? { ...current, logo: null } : current));
  }

  return (
    <form className="screen" onSubmit={save} aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}

      <fieldset className="form-grid">
        <legend>Your company on reports</legend>
        <label htmlFor={ids.name}>
          MSP name
          <input id={ids.name} type="text" value={draft.mspName} maxLength={120} onChange={(event) => update({ mspName: event.target.value })} />
        </label>
        <div>
          <div style={{ fontWeight: 500 }}>Logo</div>
          <div className="row-actions">
            {draft.logo ? <img src={draft.logo.dataUrl} alt={`Logo ${draft.logo.fileName}`} style={{ maxHeight: '3rem', maxWidth: '10rem' }} /> : <span className="muted">No logo</span>}
            <button type="button" onClick={chooseLogo}>
              Choose logo…
            </button>
            {draft.logo ? (
              <button type="button" onClick={removeLogo}>
                Remove logo
              </button>
            ) : null}
          </div>
        </div>
      </fieldset>

      <fieldset className="form-grid">
        <legend>Figures</legend>
        <UnitSwitch value={draft.sizeUnit} onChange={(sizeUnit) => update({ sizeUnit })} />
        <label htmlFor={ids.risk}>
          At risk after this many days without a successful backup
          <input
            id={ids.risk}
            type="number"
            min={1}
            max={365}
            value={draft.atRiskThresholdDays}
            onChange={(event) => update({ atRiskThresholdDays: Math.max(1, Math.min(365, Math.round(Number(event.target.value) || 1))) })}
          />
        </label>
        <label htmlFor={ids.warning}>
          COMPLETED_WITH_ERRORS counts as
          <select
            id={ids.warning}
            value={draft.completedWithErrorsCountsAsSuccess ? 'success' : 'warning'}
            onChange={(event) => update({ completedWithErrorsCountsAsSuccess: event.target.value === 'success' })}
          >
            <option value="warning">a warning (not a success)</option>
            <option value="success">a success</option>
          </select>
        </label>
        <TimeZoneField
          label="Default time zone"
          value={draft.defaultTimeZone ?? ''}
          onChange={(zone) => update({ defaultTimeZone: zone === '' ? null : zone })}
          hint={`For clients without a zone. Empty: this computer's zone (${info?.systemTimeZone ?? 'unknown'}).`}
        />
      </fieldset>

      <fieldset className="form-grid">
        <legend>Exports</legend>
        <label htmlFor={ids.paper}>
          PDF paper size
          <select id={ids.paper} value={draft.paperSize} onChange={(event) => update({ paperSize: event.target.value === 'Letter' ? 'Letter' : 'A4' })}>
            <option value="A4">A4 landscape</option>
            <option value="Letter">Letter landscape</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={draft.pdfListsEverySession} onChange={(event) => update({ pdfListsEverySession: event.target.checked })} />
          End the PDF with every session of the month
        </label>
        <FormatPicker value={draft.defaultFormats} onChange={(defaultFormats) => update({ defaultFormats })} />
      </fieldset>

      <fieldset className="form-grid">
        <legend>Request budget for N-sight</legend>
        <label htmlFor={ids.calls}>
          Calls per minute
          <input
            id={ids.calls}
            type="number"
            min={1}
            max={600}
            value={draft.requestBudget.callsPerMinute}
            onChange={(event) =>
              update({ requestBudget: { ...draft.requestBudget, callsPerMinute: Math.max(1, Math.min(600, Math.round(Number(event.target.value) || 1))) } })
            }
          />
        </label>
        <label htmlFor={ids.concurrency}>
          Requests at the same time
          <input
            id={ids.concurrency}
            type="number"
            min={1}
            max={8}
            value={draft.requestBudget.concurrency}
            onChange={(event) =>
              update({ requestBudget: { ...draft.requestBudget, concurrency: Math.max(1, Math.min(8, Math.round(Number(event.target.value) || 1))) } })
            }
          />
        </label>
        <p className="muted">N-able asks that automated calls stay slow; 60 calls per minute, one at a time, is the default.</p>
      </fieldset>

      <div className="row-actions">
        <button type="submit" className="primary" disabled={!dirty || !zoneValid}>
          Save settings
        </button>
        <button type="button" onClick={() => setDraft(settings)} disabled={!dirty}>
          Discard changes
        </button>
        {saved ? (
          <span role="status" className="muted">
            Settings saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
