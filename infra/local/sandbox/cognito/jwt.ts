import { type KeyObject, sign, verify } from 'node:crypto';

/** Minimal RS256 JWT encoding and checking with node:crypto, enough for the sandbox pool. */

export type JwtClaims = Record<string, unknown>;

export interface JwtHeader {
  alg: string;
  kid?: string;
  [name: string]: unknown;
}

export function encodeJwt(header: JwtHeader, claims: JwtClaims, privateKey: KeyObject): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part(header)}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
}

/** Decodes without checking the signature; undefined when it is not a well-formed JWS. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(claims) || typeof header.alg !== 'string') return undefined;
    return { header: header as JwtHeader, claims };
  } catch {
    return undefined;
  }
}

/** The claims when the RS256 signature is valid for `publicKey` and the kid matches. */
export function verifyJwtSignature(
  token: string,
  publicKey: KeyObject,
  kid: string,
): JwtClaims | undefined {
  const decoded = decodeJwt(token);
  if (!decoded) return undefined;
  if (decoded.header.alg !== 'RS256' || decoded.header.kid !== kid) return undefined;
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
  return ok ? decoded.claims : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
