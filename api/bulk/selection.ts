import type { FastifyBaseLogger } from 'fastify';
import { findExposedResources } from '../actions/find-exposed-resources/action.js';
import type { Requester } from '../auth/requester.js';
import { runRead } from '../pipeline/read-pipeline.js';
import type { PipelineDependencies } from '../pipeline/write-pipeline.js';

/** A group whose port a job closes. */
export interface PortTarget {
  accountId: string;
  region: string;
  groupId: string;
  port: number;
}

export interface Selected {
  targets: PortTarget[];
  /** What the reader should know about the selection: what could not be read, or in time. */
  notes: string[];
  /** Set when there is no job to start, with why. */
  refusal?: string;
}

/** findExposedResources pages at most this many groups per answer. */
const PAGE = 500;
/** A selection longer than this to read is refused: narrow it to accounts or Regions. */
const SELECT_BUDGET_MS = 20_000;

/**
 * The groups findExposedResources lists as letting the internet reach `port`, in the accounts and
 * Regions asked (every allowed one when none are): the scan the analyst would read, page after
 * page, through the same read pipeline and allow-list. Protected groups are kept: the write
 * pipeline refuses each of them, so the job reports them and the trail records the refusals.
 */
export async function exposedGroups(
  deps: PipelineDependencies,
  requester: Requester,
  log: FastifyBaseLogger,
  scope: { accountIds?: string[]; regions?: string[]; port: number },
): Promise<Selected> {
  const deadline = Date.now() + SELECT_BUDGET_MS;
  const targets: PortTarget[] = [];
  const notes: string[] = [];
  const regions = scope.regions?.length ? new Set(scope.regions) : undefined;
  // One question per account and Region asked, so no page reads a Region only to drop it.
  const accountQuestions = scope.accountIds?.length
    ? scope.accountIds.map((accountId) => ({ accountId }))
    : [{}];
  const questions = accountQuestions.flatMap((question) =>
    regions ? [...regions].map((region) => ({ ...question, region })) : [question],
  );
  for (const question of questions) {
    let nextToken: string | undefined;
    do {
      const left = deadline - Date.now();
      if (left <= 0) {
        return {
          targets: [],
          notes,
          refusal:
            'No job was started: reading what is exposed took longer than this request may. Name fewer accounts or Regions, or list the groups as targets.',
        };
      }
      // Each page's scan stops within what this request has left (it then answers a nextToken),
      // so the selection as a whole stays inside API Gateway's 29 s.
      const answer = await runRead(withScanBudget(deps, left), {
        action: findExposedResources,
        input: {
          ...question,
          port: scope.port,
          maxResults: PAGE,
          ...(nextToken ? { nextToken } : {}),
        },
        requester,
        log,
      });
      if (answer.outcome !== 'answered') {
        return { targets: [], notes, refusal: `No job was started: ${answer.summary}` };
      }
      for (const group of answer.groups) {
        if (regions && !regions.has(group.region)) continue;
        targets.push({
          accountId: group.accountId,
          region: group.region,
          groupId: group.groupId,
          port: scope.port,
        });
      }
      for (const skipped of answer.unreachable) {
        if (!regions || regions.has(skipped.region)) {
          notes.push(`${skipped.accountId} ${skipped.region} was not read: ${skipped.reason}`);
        }
      }
      nextToken = answer.nextToken;
    } while (nextToken);
  }
  return { targets, notes };
}

/** The same dependencies with the scan's time budget cut to `ms`; only `config` is replaced. */
function withScanBudget(deps: PipelineDependencies, ms: number): PipelineDependencies {
  const config = { ...deps.config, scanBudgetMs: Math.min(deps.config.scanBudgetMs, ms) };
  // A prototype keeps the lazy service getters of deps lazy, where a spread would call them.
  return Object.create(deps, { config: { value: config, enumerable: true } });
}
