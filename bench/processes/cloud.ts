import { startLocalCloud } from '../../infra/local/local-cloud.js';
import { announceReady } from './child.js';

/** The sandbox cloud and the audit tables, alone in their process, as AWS is remote. */
const cloud = await startLocalCloud();
announceReady({ env: cloud.env }, () => cloud.close());
