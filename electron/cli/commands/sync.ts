// `sync`: copies the account from N-sight into the cache within the request budget, showing a
// progress bar on a terminal and plain lines otherwise. Exit code 0 when everything synced, 3
// when some devices or clients failed, 1 when the sync could not run.

import { createNsightApi, type NsightApi } from '../../api/client.ts';
import { resolveServer } from '../../api/servers.ts';
import { schedulerFor, type RequestScheduler } from '../../api/scheduler.ts';
import { DEMO_API_KEY, DEMO_HOST, createDemoApi } from '../../demo/demo.ts';
import { runSync, type SyncProgress, type SyncResult, type SyncScope } from '../../sync/sync.ts';
import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import {
  CACHE_OPTIONS_HELP, cacheOptions, countOf, openCliCache, parseCommandArgs, parseWholeNumber, printJson, readApiKey,
  requireServer, resolveCachePath, stderrLogger,
} from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- sync [--all | --client ID|NAME ... | --device ID ...] [options]

Copies clients, devices and Backup & Recovery sessions from N-sight into the local cache.
The API key is read from NSIGHT_API_KEY or from the file named by --api-key-file.

Options:
  --all                   Sync the whole account (the default)
  --client <id|name>      Sync this client only; repeat for several
  --device <id>           Sync this device only; repeat for several
  --skip-fresh <minutes>  Skip devices synced successfully within this many minutes
  --max-rate <calls>      Request budget in calls per minute (default 60)
  --concurrency <n>       Requests in flight at once (default 1)
  --server <value>        Territory name, host or URL of the API server (default: NSIGHT_SERVER)
  --api-key-file <file>   Read the API key from this file
  --demo                  Sync the built-in demo account instead (no network, no key) into
                          the demo cache that \`npm run demo\` and the --demo option read
${CACHE_OPTIONS_HELP}
  --json                  Print the result as JSON instead of the summary
  --verbose               Log every request and retry to stderr

Exit codes: 0 everything synced, 3 some devices failed, 1 the sync could not run (no key,
no server, wrong key, blocked), 2 invalid options.
`;

const OPTIONS = {
  ...cacheOptions,
  all: { type: 'boolean', default: false },
  client: { type: 'string', multiple: true },
  device: { type: 'string', multiple: true },
  'skip-fresh': { type: 'string' },
  'max-rate': { type: 'string' },
  concurrency: { type: 'string' },
  server: { type: 'string' },
  'api-key-file': { type: 'string' },
  demo: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
} as const;

function chooseScope(values: { all?: boolean; client?: string[]; device?: string[] }): SyncScope {
  const clients = values.client ?? [];
  const devices = values.device ?? [];
  const chosen = [values.all ? 1 : 0, clients.length > 0 ? 1 : 0, devices.length > 0 ? 1 : 0].reduce((a, b) => a + b, 0);
  if (chosen > 1) throw new UsageError('Choose one of --all, --client and --device.');
  if (clients.length > 0) return { kind: 'clients', clients };
  if (devices.length > 0) return { kind: 'devices', deviceIds: devices };
  return { kind: 'all' };
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const PHASE_TEXT = { clients: 'Listing clients', devices: 'Listing devices', sessions: 'Fetching sessions', done: 'Done' };

/** Returns a progress listener: a redrawn bar on a terminal, one line per step otherwise. */
function progressPrinter(io: CliIo): { onProgress: (progress: SyncProgress) => void; end: () => void } {
  const stream = io.stderr;
  const terminal = stream.isTTY === true;
  let drawn = false;
  const describe = (progress: SyncProgress): string => {
    const parts = [`${PHASE_TEXT[progress.phase]} ${progress.done}/${progress.total}`];
    if (progress.current) parts.push(`${progress.current.name} (${progress.current.id})`);
    if (progress.errors > 0) parts.push(`${progress.errors} failed`);
    if (progress.etaMs !== null && progress.phase !== 'done') parts.push(`about ${formatDuration(progress.etaMs)} left`);
    return parts.join(', ');
  };
  return {
    onProgress(progress) {
      if (progress.phase === 'done') return;
      if (!terminal) {
        stream.write(`${describe(progress)}\n`);
        return;
      }
      const width = 24;
      const filled = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      const columns = (stream as { columns?: number }).columns ?? 100;
      stream.write(`\r\x1b[2K${`${bar} ${describe(progress)}`.slice(0, columns - 1)}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

function printSummary(io: CliIo, result: SyncResult): void {
  const seconds = formatDuration(result.endedAt.getTime() - result.startedAt.getTime());
  const lines = [
    `Sync ${result.outcome === 'ok' ? 'finished' : result.outcome === 'partial' ? 'finished with failures' : result.outcome}: ` +
      `${countOf(result.clients, 'client')}, ${countOf(result.devices, 'device')} with Backup & Recovery ` +
      `(${result.devicesSynced} synced, ${result.devicesSkipped} skipped as fresh, ${result.devicesFailed} failed), ` +
      `${countOf(result.sessionsAdded, 'session')} added, ${result.sessionsRemoved} no longer listed, ${countOf(result.requests, 'request')} in ${seconds}.`,
  ];
  if (result.failures.length > 0) {
    lines.push('Failures:');
    for (const failure of result.failures) {
      const where = failure.target === 'client' ? `client ${failure.name} (${failure.id})` : `${failure.name} (${failure.id})${failure.clientName ? ` at ${failure.clientName}` : ''}`;
      lines.push(`  ${where}: ${failure.message}`);
    }
    lines.push('Run the sync again with --skip-fresh 60 to fetch only what is missing.');
  }
  if (result.error !== null) lines.push(`Error: ${result.error}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

async function connect(io: CliIo, values: { server?: string; 'api-key-file'?: string; demo?: boolean; verbose?: boolean }, limits: { callsPerMinute?: number; concurrency?: number }): Promise<{ api: NsightApi; scheduler: RequestScheduler | undefined; apiKey: string }> {
  const logger = stderrLogger(io, values.verbose ?? false);
  if (values.demo) {
    if (values.server !== undefined) throw new UsageError('--demo and --server exclude each other.');
    return { api: createDemoApi({ now: new Date(), logger }), scheduler: undefined, apiKey: DEMO_API_KEY };
  }
  // Without a server or a key the sync cannot run: exit 1, as for a wrong key.
  let server: string;
  let apiKey: string;
  let host: string;
  try {
    server = requireServer(io, values.server);
    apiKey = await readApiKey(io, values['api-key-file']);
    host = resolveServer(server).host;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), 1);
  }
  const scheduler = schedulerFor(host);
  scheduler.setLimits({ callsPerMinute: limits.callsPerMinute ?? 60, concurrency: limits.concurrency ?? 1 });
  return { api: createNsightApi({ server, apiKey, scheduler, logger }), scheduler, apiKey };
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS, USAGE);
  const scope = chooseScope(values);
  const skipFreshMinutes = parseWholeNumber('skip-fresh', values['skip-fresh'], 0);
  const callsPerMinute = parseWholeNumber('max-rate', values['max-rate'], 1);
  const concurrency = parseWholeNumber('concurrency', values.concurrency, 1);
  const { api, scheduler, apiKey } = await connect(io, values, {
    ...(callsPerMinute === undefined ? {} : { callsPerMinute }),
    ...(concurrency === undefined ? {} : { concurrency }),
  });

  const cache = openCliCache(io, resolveCachePath(io, values.cache, values), { create: true });
  try {
    const account = cache.ensureAccount(values.demo ? DEMO_HOST : api.host, apiKey);
    const printer = progressPrinter(io);
    const result = await runSync({
      api,
      cache,
      accountId: account.id,
      scope,
      signal: io.signal,
      onProgress: printer.onProgress,
      logger: stderrLogger(io, values.verbose ?? false),
      ...(skipFreshMinutes === undefined ? {} : { skipFreshMinutes }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(scheduler === undefined ? {} : { scheduler }),
    });
    printer.end();
    if (values.json) printJson(io, result);
    else printSummary(io, result);
    if (result.outcome === 'ok') return 0;
    return result.outcome === 'partial' ? 3 : 1;
  } finally {
    cache.close();
  }
}

export const command: CliCommand = {
  summary: 'Copy clients, devices and backup sessions from N-sight into the cache',
  usage: USAGE,
  run,
};
