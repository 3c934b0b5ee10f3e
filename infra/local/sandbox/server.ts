import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsRoute } from './aws/route.js';
import { CognitoAuthority } from './cognito/authority.js';
import { createCognitoRoute } from './cognito/route.js';
import type { EstateOptions } from './estate/generate.js';
import { type Route, readBody, type SandboxRequest } from './http.js';
import { createKnobsRoute, Knobs } from './knobs.js';
import { seedWorld } from './seed.js';
import type { World } from './state.js';

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port (tests); `npm start` uses SANDBOX_PORT (4566). */
  port?: number;
  /** Where the API's Swagger UI is opened, for its sign-in client; the default port's when unset. */
  apiUrls?: readonly string[];
  /** Sizes of the generated organisation (estate/generate.ts); the default estate when unset. */
  estate?: EstateOptions;
}

export interface Sandbox {
  url: string;
  world: World;
  knobs: Knobs;
  cognito: CognitoAuthority;
  /** Requests received per path (any method), e.g. to prove keys are not fetched per request. */
  requestCounts: Map<string, number>;
  /** Puts the seeded state back and clears every knob. */
  reset(): void;
  close(): Promise<void>;
}

/** One HTTP endpoint that plays AWS (EC2, IAM, STS, Organizations, Q Business, Security Hub) and a Cognito user pool. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  let world = seedWorld(options.estate);
  const knobs = new Knobs();
  const holder = {
    get world() {
      return world;
    },
  };
  const server: Server = createServer();
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  await listening;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const cognito = await CognitoAuthority.create({
    baseUrl: url,
    ...(options.apiUrls ? { apiUrls: options.apiUrls } : {}),
  });
  const requestCounts = new Map<string, number>();
  const reset = () => {
    world = seedWorld(options.estate);
    knobs.reset();
    cognito.reset();
  };
  const routes: Route[] = [
    createKnobsRoute(knobs, reset),
    createCognitoRoute(cognito),
    createAwsRoute(() => holder.world, knobs),
  ];
  server.on('request', async (message, response) => {
    try {
      const request: SandboxRequest = {
        method: message.method ?? 'GET',
        url: new URL(message.url ?? '/', url),
        headers: message.headers,
        body: await readBody(message),
      };
      const path = request.url.pathname;
      requestCounts.set(path, (requestCounts.get(path) ?? 0) + 1);
      for (const route of routes) {
        const answer = await route(request);
        if (answer) {
          response.writeHead(answer.status, answer.headers ?? {});
          response.end(answer.body ?? '');
          return;
        }
      }
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`The sandbox has nothing at ${request.method} ${request.url.pathname}`);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`Sandbox error: ${(error as Error).stack ?? error}`);
    }
  });
  return {
    url,
    get world() {
      return world;
    },
    knobs,
    cognito,
    requestCounts,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
