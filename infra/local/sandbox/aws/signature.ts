import type { IncomingHttpHeaders } from 'node:http';

/** What a SigV4 credential scope says about the caller: `AKID/date/region/service/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/**
 * Reads the credential scope from the Authorization header (or a presigned URL). The signature
 * itself is not checked: the sandbox trusts its callers, but routing by the signed scope is what
 * lets one endpoint play every service, exactly as `AWS_ENDPOINT_URL` makes the SDK send them.
 */
export function readCredentialScope(
  headers: IncomingHttpHeaders,
  url: URL,
): CredentialScope | undefined {
  const authorization = headers.authorization ?? '';
  const fromHeader = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  const credential = fromHeader ?? url.searchParams.get('X-Amz-Credential') ?? undefined;
  if (!credential) return undefined;
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request')
    return undefined;
  return { accessKeyId, date, region, service };
}

export function readSessionToken(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const header = headers['x-amz-security-token'];
  const token = Array.isArray(header) ? header[0] : header;
  return token ?? url.searchParams.get('X-Amz-Security-Token') ?? undefined;
}
