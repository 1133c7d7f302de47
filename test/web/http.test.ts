import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Result } from '../../shared/contract.ts';
import { silentLogger } from '../../electron/logger.ts';
import { isHarnessSender, startHarnessServer, type HarnessServer } from '../../electron/web/http.ts';

const TOKEN = 'run-token-0123456789';

/** Sends one request with full control of the headers, which fetch would not allow (Host). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('web harness server', () => {
  let staticDir: string;
  let server: HarnessServer;
  let port = 0;

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(os.tmpdir(), 'harness-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(path.join(os.tmpdir(), 'harness-secret.txt'), 'outside');
    server = await startHarnessServer({
      staticDir,
      token: TOKEN,
      port: 0,
      logger: silentLogger,
      handle: async (sender, method, args): Promise<Result<unknown>> => {
        if (!isHarnessSender(sender, TOKEN, port)) return { ok: false, error: { code: 'forbidden-sender', message: 'rejected' } };
        return { ok: true, value: { method, args } };
      },
    });
    port = Number(new URL(server.origin).port);
  });

  afterAll(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
    await rm(path.join(os.tmpdir(), 'harness-secret.txt'), { force: true });
  });

  it('runs a call with the token', async () => {
    const response = await send(`${server.origin}api/listClients`, {
      method: 'POST',
      headers: { 'x-nsight-token': TOKEN, 'content-type': 'application/json' },
      body: '{"search":"x"}',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { method: 'listClients', args: { search: 'x' } } });
  });

  it('rejects a call without the token', async () => {
    const response = await send(`${server.origin}api/listClients`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('forbidden-sender');
  });

  it('rejects a foreign Host header', async () => {
    const response = await send(`${server.origin}api/listClients`, {
      method: 'POST',
      headers: { 'x-nsight-token': TOKEN, host: `attacker.example:${port}` },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('rejects a foreign Origin', async () => {
    const response = await send(`${server.origin}api/listClients`, {
      method: 'POST',
      headers: { 'x-nsight-token': TOKEN, origin: 'http://attacker.example' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await send(`${server.origin}api/listClients`, { method: 'POST', headers: { 'x-nsight-token': TOKEN }, body: '{' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('invalid-argument');
  });

  it('serves the page with a CSP', async () => {
    const response = await fetch(server.origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<title>app</title>');
  });

  it('serves nothing outside its folder', async () => {
    const response = await send(`${server.origin}..%2Fharness-secret.txt`, {});
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside');
  });

  it('rejects the event stream without the token', async () => {
    const response = await send(`${server.origin}events`, {});
    expect(response.status).toBe(403);
  });

  it('streams published events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const request = http.get(`${server.origin}events?token=${TOKEN}`, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes(': connected')) server.publish('exportProgress', { done: 1 });
          if (text.includes('event: exportProgress')) {
            request.destroy();
            resolve(text);
          }
        });
      });
      request.on('error', reject);
    });
    expect(await received).toContain('event: exportProgress\ndata: {"done":1}\n\n');
  });
});
