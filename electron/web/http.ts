// The web harness's HTTP server: it serves the built renderer, runs bridge calls POSTed to
// /api/<method>, and streams bridge events from /events as server-sent events. It listens on
// 127.0.0.1 only, and every bridge call and event stream must carry the per-run token.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';

import type { EventName, Result } from '../../shared/contract.ts';
import type { Logger } from '../logger.ts';

/** The request details that identify where a bridge call came from; the handler table checks them. */
export interface HarnessSender {
  token: string | null;
  /** The request's Host header. */
  host: string | undefined;
  /** The request's Origin header, when the browser sent one. */
  origin: string | undefined;
}

export interface HarnessServerOptions {
  /** Runs one bridge call; the handler table checks the sender with `isHarnessSender`. */
  handle: (sender: HarnessSender, method: string, args: unknown) => Promise<Result<unknown>>;
  /** Folder of the built renderer (`index.html` and `assets/`). */
  staticDir: string;
  token: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
}

export interface HarnessServer {
  /** Base URL such as `http://127.0.0.1:5123/`. */
  readonly origin: string;
  /** The URL to open: the page with the token. */
  readonly url: string;
  /** Sends an event to every open event stream. */
  publish(event: EventName, payload: unknown): void;
  close(): Promise<void>;
}

/** Largest JSON body of a bridge call; the contract's largest argument (20,000 ids) fits well within it. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The same policy as the page's meta tag: only this origin, no inline scripts. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Accepts a call only with the run's token, a Host header naming this server (which stops DNS
 * rebinding) and, when present, an Origin of this server.
 */
export function isHarnessSender(sender: HarnessSender, token: string, port: number): boolean {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (sender.host === undefined || !hosts.has(sender.host)) return false;
  if (sender.origin !== undefined && !hosts.has(sender.origin.replace(/^http:\/\//, ''))) return false;
  return sameToken(sender.token, token);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function senderOf(request: IncomingMessage, token: string | null): HarnessSender {
  return { token, host: request.headers.host, origin: request.headers.origin };
}

/** Starts the harness server on 127.0.0.1. */
export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  const logger = options.logger.child('web');
  const streams = new Set<ServerResponse>();
  const staticRoot = path.resolve(options.staticDir);

  async function handleCall(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    let args: unknown;
    try {
      const text = await readBody(request);
      args = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      sendJson(response, 400, {
        ok: false,
        error: { code: 'invalid-argument', message: `The body of ${method} is not JSON: ${(error as Error).message}` },
      });
      return;
    }
    const sender = senderOf(request, headerValue(request.headers['x-nsight-token']));
    const result = await options.handle(sender, method, args);
    const status = !result.ok && result.error.code === 'forbidden-sender' ? 403 : 200;
    sendJson(response, status, result);
  }

  function openEvents(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const sender = senderOf(request, url.searchParams.get('token'));
    if (!isHarnessSender(sender, options.token, port())) {
      sendJson(response, 403, { ok: false, error: { code: 'forbidden-sender', message: 'The event stream needs the token of this run.' } });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    streams.add(response);
    request.on('close', () => streams.delete(response));
  }

  async function serveStatic(response: ServerResponse, url: URL): Promise<void> {
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(staticRoot, `.${relative}`);
    if (!file.startsWith(staticRoot + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${url.pathname}`);
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(response);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const apiMatch = /^\/api\/([A-Za-z]{1,64})$/.exec(url.pathname);
    const work =
      request.method === 'POST' && apiMatch
        ? handleCall(request, response, apiMatch[1]!)
        : request.method === 'GET' && url.pathname === '/events'
          ? Promise.resolve(openEvents(request, response, url))
          : request.method === 'GET' || request.method === 'HEAD'
            ? serveStatic(response, url)
            : Promise.resolve(void response.writeHead(405).end());
    work.catch((error: unknown) => {
      logger.error('Request failed', { path: url.pathname, error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'The web harness failed on this request; see its output.' } });
      else response.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = () => (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port()}/`;

  // A comment line every 15 s keeps idle event streams open through proxies and browser timeouts.
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    origin,
    url: `${origin}?token=${options.token}`,
    publish(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    async close() {
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
