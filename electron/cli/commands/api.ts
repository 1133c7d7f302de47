// `api`: calls one N-sight service and prints what the client makes of it, so a technician can
// compare the app with the dashboard. The API key comes from the environment or a file only.

import { parseArgs } from 'node:util';
import { createNsightApi, type NsightApi } from '../../api/client.ts';
import { entries } from '../../api/records.ts';
import { decodeBody, parseBody, type XmlElement } from '../../api/xml.ts';
import { UsageError, type CliCommand, type CliIo } from '../io.ts';
import { readApiKey, stderrLogger } from '../shared-options.ts';

const USAGE = `Usage: npm run cli -- api <service> [name=value ...] --server <territory|host|URL> [options]

Calls one N-sight Data Extraction API service and prints the normalized records as a JSON
array on stdout. Errors go to stderr and end with a non-zero exit code.

The API key is read from the NSIGHT_API_KEY environment variable, or from the file named by
--api-key-file. No option takes the key itself, so it never lands in the shell history.

Options:
  --server <value>        Territory name ("United Kingdom"), host or URL of the API server
                          (default: the NSIGHT_SERVER environment variable)
  --api-key-file <file>   Read the API key from this file (surrounding whitespace is ignored)
  --raw                   Print the response body exactly as received instead of records
  --verbose               Log each request (with the key hidden) and each retry to stderr

Examples:
  npm run cli -- api list_clients --server "United Kingdom"
  npm run cli -- api list_mob_sessions deviceid=1500301 --server www.systemmonitor.co.uk
`;

const KEY_OPTION = /^--?(api-?key|apikey|key)(=|$)/i;

function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`"${pair}" is not a parameter: write name=value, for example deviceid=1500301.`);
    const name = pair.slice(0, equals).trim();
    if (name.toLowerCase() === 'apikey') {
      throw new UsageError('The API key cannot be given as a parameter: set NSIGHT_API_KEY or pass --api-key-file FILE.');
    }
    params[name] = pair.slice(equals + 1);
  }
  return params;
}

/** Records of a service the client has no typed function for: the children of `<items>`. */
function genericRecords(result: XmlElement): unknown[] {
  const items = result['items'];
  if (items === null || typeof items !== 'object') return [];
  return Object.keys(items).flatMap((name) => entries(items, name));
}

function hasOnly(params: Record<string, string>, names: string[]): boolean {
  return Object.keys(params).every((name) => names.includes(name));
}

/** Calls `service` through the typed function when one exists, so the output matches what the app stores. */
async function callNormalized(api: NsightApi, service: string, params: Record<string, string>, signal: AbortSignal): Promise<unknown[]> {
  const options = { signal };
  const id = (name: string): string => params[name] ?? '';
  if (service === 'list_clients' && hasOnly(params, [])) return api.listClients(options);
  if (service === 'list_sites' && hasOnly(params, ['clientid'])) return api.listSites(id('clientid'), options);
  if (service === 'list_servers' && hasOnly(params, ['siteid'])) return api.listServers(id('siteid'), options);
  if (service === 'list_workstations' && hasOnly(params, ['siteid'])) return api.listWorkstations(id('siteid'), options);
  if (service === 'list_mob_sessions' && hasOnly(params, ['deviceid'])) return api.listMobSessions(id('deviceid'), options);
  if (service === 'list_devices_at_client' && hasOnly(params, ['clientid', 'devicetype'])) {
    const type = id('devicetype');
    if (type !== 'server' && type !== 'workstation') throw new UsageError(`devicetype must be server or workstation, not "${type}".`);
    return api.listDevicesAtClient(id('clientid'), type, options);
  }
  const { result } = await api.call(service, params, options);
  return genericRecords(result);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const keyFlag = args.find((arg) => KEY_OPTION.test(arg));
  if (keyFlag !== undefined) {
    throw new UsageError(`There is no option that takes the API key (${keyFlag.split('=')[0]}): set NSIGHT_API_KEY or pass --api-key-file FILE.`);
  }

  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        'api-key-file': { type: 'string' },
        raw: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [service, ...pairs] = positionals;
  if (service === undefined) throw new UsageError(`Name the service to call, for example list_clients.\n\n${USAGE}`);
  const server = values.server ?? io.env['NSIGHT_SERVER'];
  if (server === undefined || server.trim() === '') {
    throw new UsageError('Name the server with --server (a territory such as "United Kingdom", a host or a URL) or set NSIGHT_SERVER.');
  }

  const params = parseParams(pairs);
  const apiKey = await readApiKey(io, values['api-key-file']);
  let api: NsightApi;
  try {
    api = createNsightApi({ server, apiKey, logger: stderrLogger(io, values.verbose ?? false) });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  if (values.raw) {
    const response = await api.callRaw(service, params, { signal: io.signal });
    io.stdout.write(response.body);
    const parsedBody = parseBody(decodeBody(response.body, response.headers['content-type']));
    if (response.status !== 200 || parsedBody.kind !== 'ok') {
      io.stderr.write(`${service} on ${api.host} did not return data (HTTP ${response.status}, ${parsedBody.kind === 'ok' ? 'OK' : parsedBody.kind}).\n`);
      return 1;
    }
    return 0;
  }

  const records = await callNormalized(api, service, params, io.signal);
  io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  return 0;
}

export const command: CliCommand = {
  summary: 'Call one N-sight API service and print the records as JSON',
  usage: USAGE,
  run,
};
