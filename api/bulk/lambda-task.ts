import type { FastifyBaseLogger } from 'fastify';
import type { WriteAction } from '../actions/define.js';
import { registry } from '../actions/registry.js';
import { AuditStore } from '../audit/audit-store.js';
import { AwsClientFactory } from '../aws/clients.js';
import type { Config } from '../config.js';
import { PolicyCatalog } from '../policy/catalog.js';
import type { TaskEvent } from './task-event.js';
import { bulkTasks } from './tasks.js';

/**
 * The bulk job tasks as api/lambda.ts runs them when the state machine invokes the function:
 * loaded on the first task event, with their own clients, so an API Gateway cold start never
 * pays for them.
 */
export function bulkTaskHandler(config: Config, log: FastifyBaseLogger) {
  const audit = new AuditStore(config);
  const tasks = bulkTasks({
    pipeline: {
      config,
      aws: new AwsClientFactory(config),
      audit,
      policy: PolicyCatalog.load(config.policyBaseUrl),
    },
    store: audit.jobs,
    action: (name): WriteAction => {
      const action = registry.find((entry) => entry.name === name);
      if (action?.kind !== 'write') throw new Error(`no write action ${name} in the registry`);
      return action;
    },
    log,
    concurrency: config.bulk.laneConcurrency,
    budgetMs: config.bulk.laneBudgetMs,
  });
  return (event: TaskEvent) => tasks.handle(event);
}
