import { Type } from 'typebox';

const ErrorBody = Type.Object({
  error: Type.String({ description: 'A short error code.' }),
  message: Type.String({ description: 'What went wrong and what to do about it.' }),
});

/** The HTTP errors of an operation; outcomes a user must read are 2XX bodies instead. */
export const errorResponses = {
  400: { ...ErrorBody, description: 'The request is invalid; nothing was changed.' },
  401: { ...ErrorBody, description: 'No valid access token.' },
  403: { ...ErrorBody, description: 'The token lacks the scope, or the target is not allowed.' },
  503: {
    ...ErrorBody,
    description:
      'The sign-in keys could not be loaded, so the token could not be checked; nothing was changed.',
    // @fastify/swagger moves this into the response's headers in the OpenAPI document.
    headers: {
      'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again.' },
    },
  },
};
