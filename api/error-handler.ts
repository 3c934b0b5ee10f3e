import type { FastifyError, FastifyInstance } from 'fastify';
import {
  AuthenticationError,
  KeysUnavailableError,
  MissingScopeError,
  RemediationApiError,
} from './errors.js';
import { validationMessage } from './validation-message.js';

/**
 * One place that turns errors into HTTP answers. Domain errors keep their message (it was written
 * for the caller); validation errors name every bad field in words; anything else is a 500 whose
 * details stay in the log under the request id.
 */
export function installErrorHandler(app: FastifyInstance, realm: string) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AuthenticationError) {
      const challenge = request.headers.authorization
        ? `Bearer realm="${realm}", error="invalid_token", error_description="${error.message}"`
        : `Bearer realm="${realm}"`;
      return reply
        .code(401)
        .header('www-authenticate', challenge)
        .send({ error: error.code, message: error.message });
    }
    if (error instanceof MissingScopeError) {
      return reply
        .code(403)
        .header(
          'www-authenticate',
          `Bearer realm="${realm}", error="insufficient_scope", scope="${error.scope}"`,
        )
        .send({ error: error.code, message: error.message });
    }
    if (error instanceof KeysUnavailableError) {
      // The caller's token may be fine: say when to retry, and keep the key server's fault in the log.
      request.log.warn({ err: error.cause }, 'signing keys unavailable');
      return reply
        .code(503)
        .header('retry-after', String(error.retryAfterSeconds))
        .send({ error: error.code, message: error.message });
    }
    // Domain errors carry messages written for the caller, 5XX ones included.
    if (error instanceof RemediationApiError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      const message = validationMessage(error.validation, error.validationContext);
      return reply.code(400).send({ error: 'BadRequest', message });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .code(error.statusCode)
        .send({ error: error.code ?? 'BadRequest', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: 'InternalError',
      message: `The request failed unexpectedly; the service log has the details under request id ${request.id}.`,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'NotFound', message: `Nothing at ${request.method} ${request.url}.` }),
  );
}
