import type { Requester } from './requester.js';

/** Enough for every person and automation of a deployment; each entry is a few hundred bytes. */
const MAX_ENTRIES = 2000;

/**
 * Tokens already verified, until they expire. A token's validity depends only on its bytes, the
 * pool's keys and the time; Cognito does not invalidate an access token when it rotates its keys,
 * and aws-jwt-verify checks no revocation list, so remembering a verified token until its `exp`
 * answers exactly as verifying it again would, without the RSA check on every request.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { requester: Requester; expiresAtMs: number }>();

  get(token: string, nowMs = Date.now()): Requester | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.requester;
  }

  remember(token: string, requester: Requester, expSeconds: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, {
      requester: Object.freeze(requester),
      expiresAtMs: expSeconds * 1000,
    });
  }
}
