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
} as unknown as FastifyBaseLogger;
