// The seam between the API client and the network. The HTTPS transport talks to N-sight; the
// demo account plugs in an in-process transport that answers from generated data, so both go
// through the same parsing path.

export interface TransportRequest {
  /** Full request URL, including the `apikey` parameter: never log or print it. */
  url: URL;
  headers: Record<string, string>;
  /** Milliseconds to wait for the connection. */
  connectTimeoutMs: number;
  /** Milliseconds to wait between bytes of the response before giving up. */
  readTimeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Sends one GET request. Rejects with a `TransportError` on network failure or timeout. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export type TransportErrorKind = 'timeout' | 'network' | 'aborted';

/** A request that produced no complete HTTP response. */
export class TransportError extends Error {
  readonly kind: TransportErrorKind;
  /** Bytes of the body that arrived before the failure, when a response had started. */
  readonly bytesReceived: number;

  constructor(kind: TransportErrorKind, message: string, bytesReceived = 0, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransportError';
    this.kind = kind;
    this.bytesReceived = bytesReceived;
  }
}
