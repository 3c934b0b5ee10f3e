import type { Operation } from '../query.js';

/**
 * IAM operations by Action name. Empty for now: the IAM state lives in the world (see
 * `IamAccount` in state.ts) and the operations are added here, one file per concern beside this
 * one, on top of the shared query helpers (QueryParams, QueryError, validationError, XmlValue).
 */
export const iamOperations: Record<string, Operation> = {};
