import { awsErrorCode } from '../../aws/aws-error.js';
import { AwsCallError } from '../../errors.js';
import type { ActionContext } from '../define.js';
import type { ExposedGroupView, FindExposedInput, FindExposedOutput } from './action.js';
import { readCursor, type Unit, writeCursor } from './cursor.js';
import { exposesPort, manualReview, portsToClose } from './exposure.js';
import { type FoundGroup, scanUnit } from './scan-unit.js';
import { summarize } from './summary.js';

/**
 * Account-region pairs read at once. EC2 throttles per account and region (filtered Describe
 * calls: a bucket of 100, refilled at 20 a second), and one pair costs three or four filtered
 * calls, so pairs never crowd a bucket; the bound is for STS (one AssumeRole per new account,
 * throttled at a rate that cannot be raised) and for the function's own sockets.
 */
export const SCAN_CONCURRENCY = 8;

type UnitResult =
  | { status: 'done'; groups: FoundGroup[] }
  | { status: 'unreachable'; reason: string }
  | { status: 'pending'; reason: string };

/** The run of findExposedResources, loaded on its first call. */
export async function runFindExposed(
  context: ActionContext,
  input: FindExposedInput,
): Promise<FindExposedOutput> {
  const deadline = Date.now() + context.config.scanBudgetMs;
  const maxResults = input.maxResults ?? 100;
  const allowed = await context.aws.allowedAccounts();
  const regions = input.region ? [input.region] : context.config.allowedRegions;
  const question = JSON.stringify([input.accountId ?? '', input.region ?? '', input.port ?? '']);
  // A continued scan keeps to what is still allowed: the token is never trusted on its own.
  const units = (
    input.nextToken
      ? readCursor(input.nextToken, question)
      : (input.accountId ? [input.accountId] : [...allowed].sort()).flatMap((accountId) =>
          regions.map((region) => ({ accountId, region, skip: 0 })),
        )
  ).filter((unit) => allowed.includes(unit.accountId) && regions.includes(unit.region));

  const results = await scanUnits(context, units, input.port, deadline);

  const groups: ExposedGroupView[] = [];
  // Everything found in this call, listed or not: the summary counts the whole scan.
  const found: ExposedGroupView[] = [];
  const next: Unit[] = [];
  const notScanned: FindExposedOutput['notScanned'] = [];
  const unreachable: FindExposedOutput['unreachable'] = [];
  let scanned = 0;
  units.forEach((unit, index) => {
    const result = results[index];
    const where = { accountId: unit.accountId, region: unit.region };
    if (!result || result.status === 'pending') {
      next.push(unit);
      if (result) notScanned.push({ ...where, reason: result.reason });
      return;
    }
    if (result.status === 'unreachable') {
      unreachable.push({ ...where, reason: result.reason });
      return;
    }
    scanned++;
    const rows = result.groups.slice(unit.skip).map((group) => view(context, unit, group));
    found.push(...rows);
    const room = Math.max(0, maxResults - groups.length);
    groups.push(...rows.slice(0, room));
    if (rows.length > room) next.push({ ...unit, skip: unit.skip + room });
  });
  return {
    summary: summarize({
      found,
      listed: groups.length,
      port: input.port,
      scanned,
      notScanned,
      unreachable,
      more: next.length > 0,
      continued: input.nextToken !== undefined,
    }),
    groups,
    scanned,
    notScanned,
    unreachable,
    ...(next.length > 0 ? { nextToken: writeCursor(question, next) } : {}),
  };
}

/**
 * Reads every unit, SCAN_CONCURRENCY at a time, until all have answered or the budget runs out,
 * so the summary can count the whole estate even when the page lists only part of it. Whatever
 * has not answered by the deadline is left for the next page; the abort frees its sockets, and
 * the race makes sure nothing (a retry's back-off, a slow AssumeRole) holds the answer past the
 * budget.
 */
async function scanUnits(
  context: ActionContext,
  units: Unit[],
  port: number | undefined,
  deadline: number,
): Promise<Array<UnitResult | undefined>> {
  const results: Array<UnitResult | undefined> = new Array(units.length);
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(
      () => {
        abort.abort();
        resolve('timeout');
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < units.length && !abort.signal.aborted) {
      const index = nextIndex++;
      const unit = units[index] as Unit;
      const ec2 = context.aws.ec2(unit.accountId, unit.region);
      const outcome = await Promise.race([
        scanUnit(ec2, abort.signal).then(
          (groups) => ({ groups }),
          (error: unknown) => ({ error }),
        ),
        outOfTime,
      ]);
      if (outcome === 'timeout') {
        results[index] = { status: 'pending', reason: 'not read within the time budget' };
        return;
      }
      if ('error' in outcome) {
        results[index] = classify(outcome.error, unit, abort.signal.aborted);
        if (!(outcome.error instanceof AwsCallError) && !abort.signal.aborted) {
          context.log.warn({ err: outcome.error, unit }, 'scan of one account and region failed');
        }
        continue;
      }
      const groups =
        port === undefined
          ? outcome.groups
          : outcome.groups.filter((group) => group.exposures.some((e) => exposesPort(e, port)));
      results[index] = { status: 'done', groups };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, units.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  return results;
}

function classify(error: unknown, unit: Unit, timedOut: boolean): UnitResult {
  if (timedOut) return { status: 'pending', reason: 'not read within the time budget' };
  const code = awsErrorCode(error);
  const operation = error instanceof AwsCallError ? error.operation : 'the scan';
  if (operation === 'sts:AssumeRole' && /AccessDenied/.test(code)) {
    return {
      status: 'unreachable',
      reason: `This API cannot act in account ${unit.accountId}: assuming its remediation role was denied (the role is missing there or does not trust this API).`,
    };
  }
  if (/AccessDenied|UnauthorizedOperation|OptInRequired|AuthFailure/.test(code)) {
    return {
      status: 'unreachable',
      reason: `AWS refused the read (${operation} answered ${code}).`,
    };
  }
  if (/Throttl|RequestLimitExceeded|TooManyRequests/.test(code)) {
    return {
      status: 'pending',
      reason: `AWS is limiting requests there right now (${code}); continue later with nextToken.`,
    };
  }
  return { status: 'pending', reason: `AWS did not answer (${operation}: ${code}).` };
}

function view(context: ActionContext, unit: Unit, found: FoundGroup): ExposedGroupView {
  const isProtected = context.config.protectedTagKey in found.tags;
  const instances = new Set<string>();
  const others = new Set<string>();
  for (const eni of found.interfaces) {
    const instanceId = eni.Attachment?.InstanceId;
    if (instanceId) instances.add(instanceId);
    else if (eni.Status !== 'available')
      others.add(eni.Description || eni.InterfaceType || 'interface');
  }
  const where = { accountId: unit.accountId, region: unit.region, groupId: found.groupId };
  return {
    ...where,
    groupName: found.groupName,
    ...(found.vpcId ? { vpcId: found.vpcId } : {}),
    protected: isProtected,
    exposures: found.exposures.map((exposure) => ({
      category: exposure.category,
      reach: exposure.reach,
      sources: exposure.sources,
      criticalPorts: exposure.criticalPorts,
    })),
    usedBy: {
      networkInterfaces: found.interfaces.length,
      instances: [...instances].sort(),
      others: [...others].sort(),
    },
    remediation: {
      operation: 'closeSecurityGroupPort',
      inputs: isProtected ? [] : portsToClose(found.exposures).map((port) => ({ ...where, port })),
      manualReview: manualReview(found.exposures),
    },
  };
}
