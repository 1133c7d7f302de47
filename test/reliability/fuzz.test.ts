// Property tests of the response parser: every sample body, cut short, with bytes changed,
// with hostile fragments inserted or with field values replaced, goes through the real client
// over an in-process transport. Each call must finish quickly and either return well-formed
// records or reject with an NsightApiError, never another error. The runs are seeded, so a
// failure repeats.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNsightApi, type NsightApi } from '../../electron/api/client.ts';
import { NsightApiError, type NsightErrorKind } from '../../electron/api/errors.ts';
import { RequestScheduler } from '../../electron/api/scheduler.ts';
import type { Transport } from '../../electron/api/transport.ts';
import { decodeBody, parseBody } from '../../electron/api/xml.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'api-samples');
const SAMPLES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml') || name.endsWith('.html'))
  .sort()
  .map((name) => ({ name, body: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));

const SEED = 20261201;
/** Runs per property: a few hundred cases each, so the suite stays within seconds. */
const RUNS = 300;
/**
 * Maximum time for one call, far above the few milliseconds a sample takes. NOTE: a parser
 * stuck in a synchronous loop cannot be interrupted, so such a hang shows as a test timeout.
 */
const MAX_CALL_MS = 1_000;

const KINDS: readonly NsightErrorKind[] = [
  'auth', 'invalid-parameter', 'missing-parameter', 'unknown-service', 'blocked', 'rate-limited',
  'server', 'timeout', 'network', 'malformed', 'cancelled', 'api',
];

/** Returns the client call whose response the sample body is. */
function callFor(name: string): (api: NsightApi) => Promise<unknown[]> {
  if (name.startsWith('list_devices_at_client-workstation')) return (api) => api.listDevicesAtClient('40211', 'workstation');
  if (name.startsWith('list_devices_at_client')) return (api) => api.listDevicesAtClient('40211', 'server');
  if (name.startsWith('list_mob_sessions')) return (api) => api.listMobSessions('1500301');
  if (name.startsWith('list_sites')) return (api) => api.listSites('40211');
  if (name.startsWith('list_servers')) return (api) => api.listServers('88001');
  if (name.startsWith('list_workstations')) return (api) => api.listWorkstations('88002');
  return (api) => api.listClients();
}

function apiAnswering(body: Uint8Array, contentType: string): NsightApi {
  const transport: Transport = async () => ({ status: 200, headers: { 'content-type': contentType }, body });
  return createNsightApi({
    server: 'http://127.0.0.1:9/',
    apiKey: 'fuzz-key-0123456789',
    transport,
    scheduler: new RequestScheduler({ limits: { callsPerMinute: 1_000_000, concurrency: 1 } }),
    retry: { attempts: 1 },
    sleep: async () => {},
  });
}

function isValidDate(value: unknown): boolean {
  return value instanceof Date && Number.isFinite(value.getTime());
}

/** Checks the shape of normalized records: string ids, finite numbers, valid instants. */
function checkRecord(record: unknown): void {
  expect(typeof record).toBe('object');
  const fields = record as Record<string, unknown>;
  expect(typeof fields['id']).toBe('string');
  expect((fields['id'] as string).length).toBeGreaterThan(0);
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'number') expect(Number.isFinite(value), `${field} is finite`).toBe(true);
    if (value instanceof Date) expect(isValidDate(value), `${field} is a valid instant`).toBe(true);
  }
  if ('start' in fields) expect(isValidDate(fields['start'])).toBe(true);
}

/** Feeds one body to the client and checks the outcome. */
async function feed(name: string, body: Uint8Array, contentType = 'text/xml; charset=ISO-8859-1'): Promise<void> {
  const started = performance.now();
  let outcome: { records: unknown[] } | { error: unknown };
  try {
    outcome = { records: await callFor(name)(apiAnswering(body, contentType)) };
  } catch (error) {
    outcome = { error };
  }
  expect(performance.now() - started).toBeLessThan(MAX_CALL_MS);

  if ('error' in outcome) {
    expect(outcome.error).toBeInstanceOf(NsightApiError);
    const error = outcome.error as NsightApiError;
    expect(KINDS).toContain(error.kind);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toContain('fuzz-key-0123456789');
    return;
  }
  expect(Array.isArray(outcome.records)).toBe(true);
  for (const record of outcome.records) checkRecord(record);
}

const sample = fc.constantFrom(...SAMPLES);

/** Fragments that have broken XML parsers before: markup, entities, CDATA ends, NUL, deep nesting. */
const HOSTILE_FRAGMENTS = [
  '<', '>', '&', '&amp;', '&#0;', '&#xD800;', '&#99999999;', '&unknown;', ']]>', '<![CDATA[', '</result>', '<result status="OK">',
  '<result status="FAIL"><error><errorcode>3</errorcode></error>', '\u0000', '\uFFFE', '\uD800', '"', "'", '<!--', '-->', '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', '<items>', '</items>', '<session>', '<client>', '<a>'.repeat(2_000), 'status="FAIL"',
  '\r\n', '\uFEFF', 'é', '€', '\u202E',
];

describe('parser fuzzing', () => {
  it('accepts every sample as it is', async () => {
    for (const { name, body } of SAMPLES) await feed(name, body);
  });

  it('survives bodies cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(sample, fc.double({ min: 0, max: 1, noNaN: true }), async ({ name, body }, fraction) => {
        await feed(name, body.subarray(0, Math.floor(body.byteLength * fraction)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('survives changed bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        sample,
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        async ({ name, body }, changes) => {
          const changed = new Uint8Array(body);
          for (const { at, byte } of changes) changed[Math.floor(at * changed.byteLength)] = byte;
          await feed(name, changed);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('survives inserted and deleted text', async () => {
    await fc.assert(
      fc.asyncProperty(
        sample,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat({ max: 40 }),
        fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ maxLength: 20 })),
        fc.constantFrom('text/xml; charset=ISO-8859-1', 'text/xml; charset=UTF-8', 'text/xml', 'text/xml; charset=x-unknown'),
        async ({ name, body }, fraction, deleted, fragment, contentType) => {
          const text = Buffer.from(body).toString('latin1');
          const at = Math.floor(text.length * fraction);
          const changed = text.slice(0, at) + fragment + text.slice(at + deleted);
          await feed(name, Buffer.from(changed, 'utf8'), contentType);
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('survives replaced field values', async () => {
    const values = fc.oneof(
      fc.constantFrom('', 'none', '-1', '1e309', 'NaN', '0x10', '9'.repeat(400), '2026-13-45 25:61:61', '0000-00-00 00:00:00', ' ', '<![CDATA[x]]>', '&amp;'),
      fc.string({ maxLength: 30 }).map((value) => value.replace(/[<&]/g, '')),
    );
    await fc.assert(
      fc.asyncProperty(sample, fc.array(fc.tuple(fc.nat(), values), { minLength: 1, maxLength: 6 }), async ({ name, body }, replacements) => {
        const text = Buffer.from(body).toString('latin1');
        const leaves = [...text.matchAll(/>([^<>]*)</g)];
        if (leaves.length === 0) return;
        let changed = text;
        // Replace from the end, so the earlier offsets stay valid.
        const chosen = replacements
          .map(([index, value]) => ({ match: leaves[index % leaves.length]!, value }))
          .sort((a, b) => b.match.index - a.match.index)
          .filter((entry, index, list) => index === 0 || entry.match.index !== list[index - 1]!.match.index);
        for (const { match, value } of chosen) {
          changed = `${changed.slice(0, match.index + 1)}${value}${changed.slice(match.index + 1 + match[1]!.length)}`;
        }
        await feed(name, Buffer.from(changed, 'latin1'));
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it('skips records without an id', async () => {
    const body = `<?xml version="1.0" encoding="ISO-8859-1"?>
<result created="2026-12-01T08:00:00+00:00" host="h" status="OK"><items>
<client><clientid>40211</clientid><name>Kept</name></client>
<client><clientid/><name>No id</name></client>
<client><clientid>   </clientid><name>Blank id</name></client>
</items></result>
`;
    const clients = await apiAnswering(Buffer.from(body, 'latin1'), 'text/xml').listClients();
    expect(clients.map((client) => client.name)).toEqual(['Kept']);
  });

  it('rejects entity expansion bombs quickly', async () => {
    const levels = ['<!ENTITY a0 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'];
    for (let level = 1; level < 10; level++) levels.push(`<!ENTITY a${level} "${`&a${level - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE result [${levels.join('')}]>\n<result created="2026-12-01T08:00:00+00:00" host="h" status="OK"><items><client><clientid>1</clientid><name>&a9;</name></client></items></result>\n`;
    await feed('list_clients.xml', Buffer.from(bomb, 'latin1'));
  });

  it('decodes and parses any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.option(fc.string({ maxLength: 30 })), (bytes, contentType) => {
        let parsed;
        try {
          parsed = parseBody(decodeBody(bytes, contentType ?? undefined));
        } catch (error) {
          // decodeBody's documented failure: a charset TextDecoder does not support.
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(['ok', 'fail', 'html', 'malformed']).toContain(parsed.kind);
      }),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });
});
