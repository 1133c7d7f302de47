import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../electron/api/http-transport.ts';
import { TransportError, type TransportRequest } from '../../electron/api/transport.ts';
import { startNsightServer, TEST_API_KEY, type NsightTestServer } from '../support/nsight-server.ts';

const transport = createHttpTransport();
let server: NsightTestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function request(base: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    url: new URL(`${base}/api/?apikey=${TEST_API_KEY}&service=list_clients`),
    headers: { 'User-Agent': 'Mozilla/5.0 (compatible; Test/1.0)' },
    connectTimeoutMs: 1_000,
    readTimeoutMs: 1_000,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('http transport', () => {
  it('returns status, headers and body bytes', async () => {
    server = await startNsightServer();

    const response = await transport(request(server.url));

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
    expect(response.body.byteLength).toBe(1698);
    expect(server.requests[0]?.userAgent).toBe('Mozilla/5.0 (compatible; Test/1.0)');
  });

  it('times out between bytes', async () => {
    server = await startNsightServer();
    server.setFault({ kind: 'stall' });
    const host = new URL(server.url).host;

    const error = await rejection(transport(request(server.url, { readTimeoutMs: 100 })));

    expect(error.kind).toBe('timeout');
    expect(error.bytesReceived).toBe(849);
    expect(error.message).toBe(`${host} sent no data for 100 ms (after 849 bytes of the response).`);
  });

  it('stops on abort', async () => {
    server = await startNsightServer();
    server.setFault({ kind: 'stall' });
    const controller = new AbortController();

    const pending = rejection(transport(request(server.url, { signal: controller.signal })));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending;

    expect(error.kind).toBe('aborted');
    expect(error.message).toBe(`The request to ${new URL(server.url).host} was cancelled.`);
  });

  it('rejects an aborted signal at once', async () => {
    server = await startNsightServer();

    const error = await rejection(transport(request(server.url, { signal: AbortSignal.abort() })));

    expect(error.kind).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the query out of messages', async () => {
    server = await startNsightServer();
    server.setFault({ kind: 'reset' });

    const error = await rejection(transport(request(server.url)));

    expect(error.kind).toBe('network');
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(error.message).not.toContain('service=');
  });

  it('reads a chunked body to the end', async () => {
    const chunked = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.write('<result status="OK">');
      setImmediate(() => response.end('<items/></result>'));
    });
    await new Promise<void>((resolve) => chunked.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = chunked.address() as AddressInfo;

      const response = await transport(request(`http://127.0.0.1:${port}`));

      expect(Buffer.from(response.body).toString('latin1')).toBe('<result status="OK"><items/></result>');
    } finally {
      await new Promise((resolve) => chunked.close(resolve));
    }
  });

  it('reuses one connection per host', async () => {
    const connections: Socket[] = [];
    let stallNext = false;
    const plain = http.createServer((_request, response) => {
      if (stallNext) {
        stallNext = false;
        response.writeHead(200, { 'content-length': '100' });
        response.write('<result');
        return;
      }
      response.end('<result status="OK"/>');
    });
    plain.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;

      await transport(request(base));
      await transport(request(base));
      expect(connections).toHaveLength(1);

      // A cancelled call destroys its connection instead of returning it to the pool.
      stallNext = true;
      const controller = new AbortController();
      const stalled = transport(request(base, { signal: controller.signal }));
      const firstClosed = new Promise((resolve) => connections[0]!.once('close', resolve));
      await new Promise<void>((resolve) => plain.once('request', () => setImmediate(resolve)));
      controller.abort();
      expect((await rejection(stalled)).kind).toBe('aborted');
      await firstClosed;

      const response = await transport(request(base));
      expect(Buffer.from(response.body).toString('latin1')).toBe('<result status="OK"/>');
      expect(connections).toHaveLength(2);
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('lets the test server close with an idle kept-alive connection', async () => {
    const local = await startNsightServer();

    await transport(request(local.url));

    await local.close();
    expect(local.requests).toHaveLength(1);
  });
});
