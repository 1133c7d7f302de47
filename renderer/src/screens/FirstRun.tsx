import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BridgeError, ConnectionTest, Territory } from '../../../shared/contract.ts';
import { useApp } from '../app/context.tsx';
import { navigate } from '../app/router.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { settle } from '../lib/use-call.ts';
import { resolveServer } from '../../../electron/api/servers.ts';

const CUSTOM = 'custom';
/** The shortest key the bridge accepts; N-sight's keys are 32 characters. */
const MIN_KEY_LENGTH = 8;

/** Returns why the typed server cannot be used, with main's own rule and words, or null. */
function serverProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    resolveServer(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** First run and the Connection screen: territory or custom host, masked API key, test, save, or the demo. */
export function FirstRunScreen() {
  const { bridge, connection, setConnection } = useApp();
  const [territories, setTerritories] = useState<Territory[]>([]);
  const [territory, setTerritory] = useState('');
  const [customHost, setCustomHost] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState<'test' | 'save' | 'demo' | 'forget' | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [tested, setTested] = useState<ConnectionTest | null>(null);
  const ids = { key: useId(), keyHint: useId(), host: useId(), hostHint: useId(), territory: useId() };

  useEffect(() => {
    void settle(bridge.listTerritories()).then((result) => {
      if (!result.ok) return setError(result.error);
      setTerritories(result.value);
      setTerritory((current) => current || (connection?.territory ?? result.value[0]?.name ?? CUSTOM));
    });
  }, [bridge]);

  const encryptionAvailable = connection?.encryptionAvailable ?? true;
  const server = territory === CUSTOM ? customHost.trim() : (territories.find((item) => item.name === territory)?.host ?? '');
  const hostProblem = territory === CUSTOM ? serverProblem(customHost) : null;
  const keyTooShort = apiKey.trim() !== '' && apiKey.trim().length < MIN_KEY_LENGTH;
  const canSubmit = server !== '' && hostProblem === null && apiKey.trim().length >= MIN_KEY_LENGTH && busy === null;

  async function test() {
    setBusy('test');
    setError(null);
    setTested(null);
    const result = await settle(bridge.testConnection({ server, apiKey: apiKey.trim() }));
    setBusy(null);
    if (result.ok) setTested(result.value);
    else setError(result.error);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy('save');
    setError(null);
    const keep = remember && encryptionAvailable ? 'encrypted' : 'session';
    const result = await settle(bridge.saveConnection({ server, apiKey: apiKey.trim(), keep }));
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setConnection(result.value);
    setApiKey('');
    navigate({ name: 'clients' });
  }

  async function useDemo() {
    setBusy('demo');
    setError(null);
    const result = await settle(bridge.useDemoAccount());
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setConnection(result.value);
    navigate({ name: 'clients' });
  }

  async function forget() {
    setBusy('forget');
    const result = await settle(bridge.forgetConnection());
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setConnection(result.value);
    setTested(null);
  }

  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{connection?.configured ? 'Connection' : 'Connect to N-sight'}</h1>
      {connection?.configured ? (
        <div className="card row-actions" data-testid="current-connection">
          <span>
            {connection.demo
              ? 'Using the demo account.'
              : `Connected to ${connection.server ?? 'an unknown host'} with the key ending ${connection.keyLastFour ?? '????'}` +
                (connection.storage === 'session' ? ', kept for this session only.' : '.')}
          </span>
          <span className="spacer" />
          <button type="button" onClick={forget} disabled={busy !== null}>
            {connection.demo ? 'Leave the demo' : 'Forget this key'}
          </button>
        </div>
      ) : (
        <p className="muted">
          Enter the API key from your N-sight dashboard (Settings → General Settings → API) and the territory
          your dashboard runs in. The key is only used by this app to read backup data.
        </p>
      )}
      {connection?.problem ? <ErrorBanner error={connection.problem} /> : null}

      <form className="card screen" onSubmit={save} aria-label="N-sight account">
        <label htmlFor={ids.territory}>
          Territory
          <select id={ids.territory} value={territory} onChange={(event) => setTerritory(event.target.value)}>
            {territories.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name} ({item.host})
              </option>
            ))}
            <option value={CUSTOM}>Custom host…</option>
          </select>
        </label>
        {territory === CUSTOM ? (
          <label htmlFor={ids.host}>
            Host or URL
            <input
              id={ids.host}
              type="text"
              value={customHost}
              placeholder="dashboard.example.com"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={hostProblem !== null}
              aria-describedby={hostProblem !== null ? ids.hostHint : undefined}
              onChange={(event) => setCustomHost(event.target.value)}
            />
            {hostProblem !== null ? (
              <span id={ids.hostHint} className="field-hint invalid" data-testid="host-hint">
                {hostProblem}
              </span>
            ) : null}
          </label>
        ) : null}
        <label htmlFor={ids.key}>
          API key
          <span className="key-field">
            <input
              id={ids.key}
              type={showKey ? 'text' : 'password'}
              value={apiKey}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={keyTooShort}
              aria-describedby={keyTooShort ? ids.keyHint : undefined}
              onChange={(event) => setApiKey(event.target.value)}
            />
            <button type="button" aria-pressed={showKey} onClick={() => setShowKey((value) => !value)}>
              {showKey ? 'Hide' : 'Show'}
            </button>
          </span>
          {keyTooShort ? (
            <span id={ids.keyHint} className="field-hint invalid" data-testid="key-hint">
              The API key is the long string from the N-sight dashboard (Settings → General Settings → API); this one looks
              too short.
            </span>
          ) : null}
        </label>
        {encryptionAvailable ? (
          <label className="inline">
            <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
            Remember the key on this computer (encrypted)
          </label>
        ) : (
          <p className="banner warning" role="note">
            This computer offers no encrypted storage for the key, so it is kept only until the app closes.
          </p>
        )}

        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        {tested ? (
          <p className="banner success" role="status">
            Connected to {tested.host}: {tested.clientCount} {tested.clientCount === 1 ? 'client' : 'clients'} found.
          </p>
        ) : null}

        <div className="row-actions">
          <button type="button" onClick={test} disabled={!canSubmit}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="primary" disabled={!canSubmit}>
            {busy === 'save' ? 'Saving…' : 'Save and continue'}
          </button>
        </div>
      </form>

      {connection?.demo ? null : (
        <div className="card row-actions">
          <span>No key at hand? Explore the app with made-up customers and backups.</span>
          <button type="button" onClick={useDemo} disabled={busy !== null}>
            {busy === 'demo' ? 'Opening…' : 'Try the demo account'}
          </button>
        </div>
      )}
    </section>
  );
}
