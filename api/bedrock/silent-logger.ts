import type { FastifyBaseLogger } from 'fastify';

const nothing = () => undefined;

/** A logger that writes nothing, for a door built without one (tests). */
export const silentLogger: FastifyBaseLogger = {
  level: 'silent',
  fatal: nothing,
  error: nothing,
  warn: nothing,
  info: nothing,
  debug: nothing,
  trace: nothing,
  silent: nothing,
  child: () => silentLogger,
  // FastifyBaseLogger is pino's whole interface; the door only ever calls the methods above.
} as unknown as FastifyBaseLogger;
