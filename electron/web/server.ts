// `npm run web [-- --port N] [-- --first-run]`: serves the renderer and the bridge on 127.0.0.1
// for development and browser tests. With NSIGHT_SERVER and NSIGHT_API_KEY in the environment it
// starts on that account; otherwise it starts in the demo account, or on the first-run screen
// with --first-run. It is not part of the installed app.

import { parseArgs } from 'node:util';

import { startWebHarness, type WebHarnessOptions } from './harness.ts';
import { createConsoleLogger } from './log.ts';

const USAGE = `Usage: npm run web -- [options]

  --port N          port on 127.0.0.1 (default: a free one)
  --data-dir DIR    folder for the cache and settings (default: a new temporary folder)
  --export-dir DIR  folder that exports are written to (default: <data-dir>/exports)
  --first-run       start on the first-run screen instead of the demo account
  --demo            start in the demo account (the default without NSIGHT_SERVER)
  --scale C,D,N     demo account with C clients, D devices per client and about N sessions
  --build           rebuild the renderer even when the build looks current
  --verbose         log debug lines

Environment: NSIGHT_SERVER and NSIGHT_API_KEY start on that N-sight account (kept in memory only).
NSIGHT_WEB_LOGO names the PNG or JPEG file that "Choose logo" picks, since a browser tab has no file dialog.`;

function parseScale(text: string): NonNullable<WebHarnessOptions['demoScale']> {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isInteger(part) || part <= 0)) {
    throw new Error(`Invalid --scale "${text}": expected three positive whole numbers, such as 200,50,100000.`);
  }
  const [clients, devicesPerClient, sessions] = parts as [number, number, number];
  return { clients, devicesPerClient, sessions };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'export-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'first-run': { type: 'boolean', default: false },
      scale: { type: 'string' },
      build: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`Invalid --port "${values.port}": expected a whole number from 0 to 65535.`);
  }
  const server = process.env.NSIGHT_SERVER;
  const apiKey = process.env.NSIGHT_API_KEY;
  if ((server === undefined) !== (apiKey === undefined)) {
    throw new Error('Set both NSIGHT_SERVER and NSIGHT_API_KEY, or neither.');
  }

  const logger = createConsoleLogger(values.verbose ? 'debug' : 'info', 'web', () => (apiKey ? [apiKey] : []));
  const harness = await startWebHarness({
    port,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['export-dir'] ? { exportDir: values['export-dir'] } : {}),
    ...(values.scale ? { demoScale: parseScale(values.scale) } : {}),
    ...(server && apiKey ? { account: { server, apiKey } } : {}),
    demo: values.demo || values.scale !== undefined || (!values['first-run'] && !(server && apiKey)),
    build: values.build ? 'always' : 'if-stale',
    logger,
  });

  process.stdout.write(
    [
      `Web harness running. Open: ${harness.url}`,
      `Data folder: ${harness.dataDir}`,
      `Exports are written to: ${harness.exportDir}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  const stop = () => {
    void harness.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// The open server keeps the process alive until a signal stops it.
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
