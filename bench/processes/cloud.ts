import { startLocalCloud } from '../../infra/local/local-cloud.js';
import type { EstateOptions } from '../../infra/local/sandbox/estate/generate.js';
import { announceReady } from './child.js';

/**
 * The sandbox cloud and the audit tables, alone in their process, as AWS is remote.
 * BENCH_ESTATE (JSON EstateOptions) sizes the generated organisation; the default one otherwise.
 */
const estate = process.env.BENCH_ESTATE
  ? (JSON.parse(process.env.BENCH_ESTATE) as EstateOptions)
  : undefined;
const cloud = await startLocalCloud(estate ? { estate } : {});
announceReady({ env: cloud.env, pid: process.pid }, () => cloud.close());
