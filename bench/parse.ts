// Parse benchmark: one list_mob_sessions body through the API client's whole read path
// (charset decoding, fast-xml-parser, normalizing to BackupSession) against fast-xml-parser
// alone, with the client's parser options, on the same decoded body.

import { XMLParser } from 'fast-xml-parser';
import { createNsightApi } from '../electron/api/client.ts';
import { RequestScheduler } from '../electron/api/scheduler.ts';
import { XML_PARSER_OPTIONS } from '../electron/api/xml.ts';
import { writeSessionsBody } from '../electron/demo/xml.ts';
import { formatCount, generateAccount, takeSessions, BENCH_NOW } from './data.ts';
import { compare, summarize } from './measure.ts';
import type { Benchmark } from './types.ts';

export const benchmark: Benchmark = {
  name: 'parse',
  description:
    'One `list_mob_sessions` body written by the demo XML writer (ISO-8859-1), read by `listMobSessions` of the real API client over an in-process transport: ' +
    'charset decoding, fast-xml-parser and normalizing into `BackupSession` records. ' +
    'Baseline: fast-xml-parser alone with the same options on the same body, decoded with the same TextDecoder label (windows-1252). ' +
    'Rounds alternate candidate and baseline.',

  async run({ quick, log }) {
    const sessionCount = quick ? 5_000 : 100_000;
    const rounds = quick ? 3 : 7;
    const account = generateAccount({ clients: 1, devicesPerClient: 100, sessions: Math.ceil(sessionCount * 1.1) }, log);
    const document = writeSessionsBody({ host: 'bench.invalid', created: BENCH_NOW }, takeSessions(account, sessionCount));
    const megabytes = document.body.byteLength / 1e6;
    log(`body: ${formatCount(sessionCount)} sessions, ${megabytes.toFixed(1)} MB, ${document.charset}`);

    const api = createNsightApi({
      server: 'http://127.0.0.1:9',
      apiKey: 'bench-key',
      scheduler: new RequestScheduler({ limits: { callsPerMinute: Number.MAX_SAFE_INTEGER, concurrency: 1 } }),
      transport: async () => ({ status: 200, headers: { 'content-type': document.contentType }, body: document.body }),
    });
    const parser = new XMLParser(XML_PARSER_OPTIONS);

    const result = await compare(
      rounds,
      async () => {
        const sessions = await api.listMobSessions('1500301');
        if (sessions.length !== sessionCount) throw new Error(`listMobSessions returned ${sessions.length} sessions, expected ${sessionCount}.`);
      },
      () => {
        const parsed = parser.parse(new TextDecoder('windows-1252').decode(document.body)) as { result?: { session?: unknown[] } };
        if (parsed.result?.session?.length !== sessionCount) throw new Error('fast-xml-parser did not return every session of the body.');
      },
    );

    const throughput = (stats: { samples: number[] }) => summarize(stats.samples.map((ms) => megabytes / (ms / 1000)));
    return {
      figures: [
        { what: 'client read path / fast-xml-parser alone', unit: 'ratio', stats: result.ratio, target: 'at most 1.3', met: result.ratio.median <= 1.3 },
        { what: 'client read path', unit: 'MB/s', stats: throughput(result.candidate) },
        { what: 'fast-xml-parser alone', unit: 'MB/s', stats: throughput(result.baseline) },
        { what: 'client read path', unit: 'ms', stats: result.candidate },
      ],
      notes: [
        `Body: ${formatCount(sessionCount)} sessions, ${megabytes.toFixed(1)} MB. ` +
          'The demo writer indents like the sample bodies, about 670 bytes a session; the element names alone take about 480 bytes a session, so 100,000 sessions cannot fit in 23 MB.',
      ],
    };
  },
};
