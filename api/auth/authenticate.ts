import type { FastifyRequest } from 'fastify';
import { AuthenticationError, MissingScopeError } from '../errors.js';
import type { Requester } from './requester.js';
import type { TokenVerifier } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    requester?: Requester;
  }
}

// RFC 7235: the scheme is case-insensitive and one or more spaces may follow it.
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i;

/**
 * An onRequest hook that admits a request carrying a valid access token with `scope`; without a
 * scope, any valid token (the MCP door, whose tools check their own scope).
 */
export function requireToken(verifier: TokenVerifier, scope?: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header)
      throw new AuthenticationError('Sign in: this operation needs a Bearer access token.');
    const match = BEARER.exec(header.trim());
    if (!match?.[1])
      throw new AuthenticationError('The Authorization header must be "Bearer <token>".');
    const requester = await verifier.verify(match[1]);
    // Known even when the scope is missing, so a refused write attempt can name who made it.
    request.requester = requester;
    if (scope && !requester.scopes.includes(scope)) throw new MissingScopeError(scope);
  };
}
