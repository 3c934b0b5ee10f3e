import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from './config.js';

/**
 * Helmet's headers on every answer, with a content security policy that the two kinds of page
 * the service serves (Swagger UI at /docs and the policy pages) work under: no inline script
 * anywhere, and only the origins Swagger UI's sign-in really talks to.
 */
export function securityHeaders(config: Config): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        // Swagger UI exchanges the sign-in code for a token at Cognito's domain (PKCE, from the
        // page) and calls the API at its public address, which may differ from the page's.
        connectSrc: ["'self'", origin(config.cognito.domainUrl), origin(config.publicUrl)],
        // Swagger UI's logo and icons are data: URLs.
        imgSrc: ["'self'", 'data:'],
        // React sets style attributes and the policy pages carry one <style>; no script is inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Locally the service speaks plain HTTP: upgrading would send the sign-in to no server.
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    // Sign-in opens Cognito in a popup that hands the code back through window.opener; helmet's
    // default (same-origin) cuts that link and the popup never closes.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
  };
}

function origin(url: string): string {
  return new URL(url).origin;
}
