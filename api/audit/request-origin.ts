import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the intent record. */
export interface RequestOrigin {
  sourceIp: string;
  requestId: string;
  /** API Gateway's own request id, to find the request in its access logs. */
  gatewayRequestId?: string;
}

interface LambdaDecorated {
  awsLambda?: { event?: { requestContext?: { requestId?: unknown } } };
}

/**
 * Behind API Gateway, @fastify/aws-lambda hands Fastify the caller's address from the event's
 * request context, so `request.ip` is the caller's, not a proxy's, in both setups.
 */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  // @fastify/aws-lambda decorates the request at run time without declaring it to Fastify's types.
  const gatewayRequestId = (request as unknown as LambdaDecorated).awsLambda?.event?.requestContext
    ?.requestId;
  return {
    sourceIp: request.ip,
    requestId: String(request.id),
    ...(typeof gatewayRequestId === 'string' ? { gatewayRequestId } : {}),
  };
}
