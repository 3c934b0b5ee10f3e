import type { AddressInfo } from 'node:net';
import { startServer } from '../../api/server.js';
import { announceReady } from './child.js';

/** The API as `npm start` runs it, on a free port, pointed at the cloud by its environment. */
const { app } = await startServer({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
const { port } = app.server.address() as AddressInfo;
announceReady({ url: `http://127.0.0.1:${port}` }, () => app.close());
