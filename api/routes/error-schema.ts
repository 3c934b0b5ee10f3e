import { Type } from 'typebox';

const ErrorBody = Type.Object({
  error: Type.String({ description: 'A short error code.' }),
  message: Type.String({ description: 'What went wrong and what to do about it.' }),
});

/** The HTTP errors of an operation; outcomes a user must read are 2XX bodies instead. */
export const errorResponses = {
  400: { ...ErrorBody, description: 'The request is invalid; nothing was changed.' },
  401: { ...ErrorBody, description: 'No valid access token.' },
  403: { ...ErrorBody, description: "The token lacks the operation's scope; nothing was changed." },
  // 5XX: the service's own failures only; an AWS failure is a 2XX `failed` outcome instead.
  500: {
    ...ErrorBody,
    description:
      'The service failed unexpectedly; its log has the details under the request id in the message. The audit trail records how far a change got.',
  },
  503: {
    ...ErrorBody,
    description:
      'The sign-in keys (Retry-After says when to try again) or the audit trail could not be reached; nothing was changed.',
    // @fastify/swagger moves this into the response's headers in the OpenAPI document.
    headers: {
      'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again.' },
    },
  },
};
