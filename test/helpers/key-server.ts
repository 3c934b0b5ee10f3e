import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the key server answers: the outages a Cognito JWKS endpoint can have, and health. */
export type KeyServerMode = 'serve' | 'http-500' | 'reset' | 'hang' | 'not-json';

export interface KeyServer {
  /** The JWKS URL, for COGNITO_JWKS_URI. */
  url: string;
  mode: KeyServerMode;
  /** What `serve` answers; a test sets it once it has its token factory. */
  jwks: unknown;
  /** Requests received, to prove keys are fetched or not. */
  requests: number;
  close(): Promise<void>;
}

/** A JWKS endpoint on a free loopback port whose failures a test chooses. */
export async function startKeyServer(jwks: unknown = { keys: [] }): Promise<KeyServer> {
  const server: Server = createServer((request, response) => {
    state.requests += 1;
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      return response.end('not found');
    }
    switch (state.mode) {
      case 'serve':
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify(state.jwks));
      case 'http-500':
        response.writeHead(500, { 'content-type': 'text/plain' });
        return response.end('internal error');
      case 'reset':
        return request.socket.destroy();
      case 'not-json':
        // What a captive proxy or a misrouted load balancer serves with a 200.
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<html>Sign in to the network</html>');
      case 'hang':
        // Never answers; the fetcher's timeout must end the wait. close() ends the socket.
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: KeyServer = {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    mode: 'serve',
    jwks,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A hanging request or a keep-alive socket would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
  return state;
}

/** A URL on a loopback port nothing listens on: connections are refused at once. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}
