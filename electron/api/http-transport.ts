// The real Transport: one GET over node:http or node:https with a connect timeout, a read
// timeout between bytes, and cancellation. Error messages name the host, never the URL.

import http from 'node:http';
import https from 'node:https';
import { TransportError, type Transport, type TransportRequest, type TransportResponse } from './transport.ts';

/** Largest body accepted, in bytes. A larger body cannot be an N-sight response. */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

function headersOf(message: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code}`;
  }
  return String(error);
}

// One keep-alive agent per scheme and host, so calls reuse connections (and TLS sessions)
// instead of opening one per call. Idle sockets are unreferenced and do not keep Node running.
const agents = new Map<string, http.Agent>();

function agentFor(url: URL): http.Agent {
  const key = `${url.protocol}//${url.host}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

/** Sends `request` and collects the whole body. */
function send(request: TransportRequest): Promise<TransportResponse> {
  const { url, signal } = request;
  const host = url.host;
  const client = url.protocol === 'https:' ? https : http;

  return new Promise<TransportResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('aborted', `The request to ${host} was cancelled.`, 0, { cause: signal.reason }));
      return;
    }

    let settled = false;
    let received = 0;
    let connectTimer: NodeJS.Timeout | undefined;

    const finish = (error: TransportError | undefined, response?: TransportResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        // Destroying the request destroys its socket too, so a failed connection is never reused.
        req.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };

    const onAbort = (): void => {
      finish(new TransportError('aborted', `The request to ${host} was cancelled.`, received, { cause: signal?.reason }));
    };

    const req = client.request(url, { method: 'GET', headers: request.headers, agent: agentFor(url) });

    connectTimer = setTimeout(() => {
      finish(new TransportError('timeout', `Connecting to ${host} timed out after ${request.connectTimeoutMs} ms.`));
    }, request.connectTimeoutMs);
    req.once('socket', (socket) => {
      const connected = (): void => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });

    // Idle timeout on the socket: no byte for readTimeoutMs after connecting.
    req.setTimeout(request.readTimeoutMs, () => {
      finish(new TransportError('timeout', `${host} sent no data for ${request.readTimeoutMs} ms (after ${received} bytes of the response).`, received));
    });

    req.once('error', (error) => {
      finish(new TransportError('network', `The connection to ${host} failed (${describeCause(error)}) after ${received} bytes of the response.`, received, { cause: error }));
    });

    req.once('response', (response) => {
      const chunks: Buffer[] = [];
      const expected = Number(response.headers['content-length'] ?? NaN);
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_BODY_BYTES) {
          finish(new TransportError('network', `The response from ${host} exceeded ${MAX_BODY_BYTES} bytes.`, received));
          return;
        }
        chunks.push(chunk);
      });
      const closedEarly = (): TransportError => {
        const of = Number.isFinite(expected) ? ` of ${expected}` : '';
        return new TransportError('network', `The connection to ${host} closed after ${received}${of} bytes of the response.`, received);
      };
      response.once('aborted', () => finish(closedEarly()));
      response.once('error', (error) => {
        finish(new TransportError('network', `Reading the response from ${host} failed (${describeCause(error)}) after ${received} bytes.`, received, { cause: error }));
      });
      response.once('end', () => {
        if (!response.complete || (Number.isFinite(expected) && received < expected)) {
          finish(closedEarly());
          return;
        }
        const body = Buffer.concat(chunks, received);
        finish(undefined, {
          status: response.statusCode ?? 0,
          headers: headersOf(response),
          body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        });
      });
    });

    signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** Creates the Transport that talks to N-sight over the network. */
export function createHttpTransport(): Transport {
  return send;
}
