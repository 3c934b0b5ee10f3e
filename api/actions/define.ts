import type { FastifyBaseLogger } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import type { AuditStore } from '../audit/audit-store.js';
import type { Requester } from '../auth/requester.js';
import type { MemberAccountClients } from '../aws/clients.js';
import type { BulkJobs, Caller } from '../bulk/jobs.js';
import type { Config } from '../config.js';

/** What every action is handed: clients already bound to the requester, never raw credentials. */
export interface ActionContext {
  config: Config;
  aws: MemberAccountClients;
  requester: Requester;
  log: FastifyBaseLogger;
  /** The trail, for actions that work from earlier remediations (undo). Storage only. */
  audit: AuditStore;
  /** This request's own remediation id. */
  remediationId: string;
  now(): Date;
}

/**
 * IAM action → an IAM condition block (`{ StringLike: { 'aws:ResourceTag/k': '*' } }`). The member
 * policy applies it only when every declaration of that action carries the same one.
 */
export type PermissionConditions = Record<
  string,
  Record<string, Record<string, string | string[]>>
>;

/**
 * The account of a target that spans every account this deployment may act in (a scan): the
 * pipeline checks only the region, and the action itself keeps to `aws.allowedAccounts()`.
 */
export const EVERY_ALLOWED_ACCOUNT = '*';

/** The resource a request acts on; also what concurrent requests are serialized on. */
export interface Target {
  accountId: string;
  region?: string;
  resourceType: string;
  resourceId: string;
}

/** An answer decided before any plan: nothing to act on. */
export interface Decision {
  status: 'refused' | 'failed';
  summary: string;
}

/*
 * The callbacks below use method syntax on purpose: TypeScript checks method parameters
 * bivariantly, so an action typed with its own input (`WriteAction<typeof Input, ...>`) is an
 * `Action` in the registry without a cast, while inside its declaration every callback still sees
 * the exact input type. The pipeline only calls them with input the route validated against
 * `input`.
 */

/** Declared by every operation so routes, docs, scopes and the member-account IAM policy derive from it. */
interface Declaration<Input extends TObject> {
  /** The operationId: verb first, camelCase. */
  name: string;
  /** The HTTP path; a `{name}` segment is a path parameter, taken from the input field of that name. */
  path: string;
  /** One line for the operation list. */
  summary: string;
  /** Tells the assistant when to use the operation; no links. */
  description: string;
  input: Input;
  /** Ids of the policy controls (policies-docs/) this action enforces or informs. */
  controls: string[];
  /** Every IAM action the behaviour calls in the member account, e.g. `ec2:DescribeSecurityGroupRules`. */
  permissions: string[];
  /** Conditions the member policy puts on some of them, where AWS supports a narrowing key. */
  conditions?: PermissionConditions;
}

/** An operation on one resource, which the read and write pipelines check and lock. */
interface ActionBase<Input extends TObject> extends Declaration<Input> {
  /** The resource acted on, from the input alone. */
  target(input: Static<Input>): Target;
}

/** Inspects and explains; never changes anything. */
export interface ReadAction<Input extends TObject = TObject, Output extends TObject = TObject>
  extends ActionBase<Input> {
  kind: 'read';
  output: Output;
  run(context: ActionContext, input: Static<Input>): Promise<Static<Output>>;
}

/** One change a plan will make, with the closure that makes it. */
export interface PlannedStep {
  /** The AWS API call, e.g. `ec2:RevokeSecurityGroupIngress`. */
  action: string;
  /** What the step does, in words an analyst understands. */
  description: string;
  /**
   * Consecutive steps with the same batch are independent of each other and run together (a few
   * at a time); the next batch starts only when every step of this one succeeded.
   */
  batch?: string;
  execute(): Promise<void>;
}

export type Plan<Details> =
  | { status: 'refused'; summary: string; details: Details }
  | { status: 'compliant'; summary: string; details: Details }
  /** The request cannot be carried out as asked, for example the resource does not exist. */
  | { status: 'failed'; summary: string; details: Details }
  | {
      status: 'changes';
      /** What applying will do. */
      summary: string;
      steps: PlannedStep[];
      details: Details;
      /** Summary and details once steps ran; `completed` counts the steps that succeeded in order. */
      report(completed: number): { summary: string; details: Details };
      /** Runs after a real run, still under the resource lock (undo marks its original here). */
      settle?(allDone: boolean): Promise<void>;
    };

/**
 * Changes AWS state. `plan` reads (Describe/List) and decides; the pipeline decides whether the
 * plan is only shown (dry run) or applied, so the dry-run switch lives in one place.
 */
export interface WriteAction<Input extends TObject = TObject, Details extends TSchema = TSchema>
  extends ActionBase<Input> {
  kind: 'write';
  /** Reversible actions are open to analysts as well as responders. */
  reversible: boolean;
  /** A real run needs a ticket (irreversible changes, IAM-05); checked before anything is recorded. */
  requiresTicket?: boolean;
  details: Details;
  /**
   * For actions whose resource is known only from storage (undo: the original's target): the
   * target, or why there is none. The pipeline calls it once, before the allow-list.
   */
  locate?(context: ActionContext, input: Static<Input>): Promise<Target | Decision>;
  plan(context: ActionContext, input: Static<Input>): Promise<Plan<Static<Details>>>;
  /** Set on an undo: the remediation it reverses, recorded as the intent's `undoOf`. */
  reverses?(input: Static<Input>): string;
  /** How undoRemediation reverses a finished run; an action without it cannot be undone. */
  undo?: UndoDeclaration<Static<Input>, Static<Details>>;
}

/** What an undo works from: the original request and the details its completion recorded. */
export interface UndoSource<Input = unknown, Details = unknown> {
  remediationId: string;
  input: Input;
  target: Target;
  /** `remediated` or `partially_remediated`; details list only what was actually done. */
  outcome: string;
  details: Details;
  completedAt: string;
}

/** What an undo reports, in words a reader understands: the same shape for every action. */
export interface UndoDetails {
  restored: string[];
  removed: string[];
  /** What the original run did that no undo can bring back (e.g. a console password). */
  cannotRestore: string[];
  notes: string[];
}

export interface UndoDeclaration<Input = unknown, Details = unknown> {
  /** One sentence: what undo puts back, and what it cannot. Recorded with every completion. */
  description: string;
  /** Every IAM action the undo's behaviour calls; part of the member-account policy. */
  permissions: string[];
  conditions?: PermissionConditions;
  /** Like `plan`: fresh reads, then the steps that restore the recorded previous state. */
  plan(context: ActionContext, source: UndoSource<Input, Details>): Promise<Plan<UndoDetails>>;
}

/** What the job pipeline hands a job operation: the jobs service and who is asking. */
export interface JobContext {
  config: Config;
  jobs: BulkJobs;
  caller: Caller;
}

/**
 * Works on a bulk job rather than on one resource: each target of a job is an ordinary write
 * through the write pipeline (its own allow-list check, record, lock, idempotency key and undo),
 * so the job operation itself only selects, records and follows. The job pipeline
 * (api/pipeline/job-pipeline.ts) checks the write scope, the ticket and reason of a real run and
 * the person's group before `run`.
 */
export interface JobAction<Input extends TObject = TObject, Output extends TObject = TObject>
  extends Declaration<Input> {
  kind: 'job';
  /**
   * `inspect` reads a job (GET); `start` starts one whose targets change AWS (a real run needs a
   * ticket and a reason; dryRun plans every target); `stop` stops one. Starting and stopping are
   * for responders, as irreversible single changes are: they act on many resources at once.
   */
  effect: 'inspect' | 'start' | 'stop';
  /** For `start`: whether another operation can put back what the job changes. */
  reversible?: boolean;
  output: Output;
  /** The answer when the pipeline refuses before `run` (no job engine, not a responder). */
  refused(input: Static<Input>, summary: string): Static<Output>;
  run(context: JobContext, input: Static<Input>): Promise<Static<Output>>;
}

export type Action = ReadAction | WriteAction | JobAction;

/** The HTTP method of an operation: reads answer GET, everything else takes a POST body. */
export function methodOf(action: Action): 'GET' | 'POST' {
  const reads = action.kind === 'read' || (action.kind === 'job' && action.effect === 'inspect');
  return reads ? 'GET' : 'POST';
}

/** The names of the `{name}` segments of an operation's path. */
export function pathParameters(action: Action): string[] {
  return [...action.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
}

/** A read action, typed from its schemas to its route. */
export function defineReadAction<Input extends TObject, Output extends TObject>(
  action: Omit<ReadAction<Input, Output>, 'kind'>,
): ReadAction<Input, Output> {
  return { kind: 'read', ...action };
}

/** A write action, typed from its schemas to its route. */
export function defineWriteAction<Input extends TObject, Details extends TSchema>(
  action: Omit<WriteAction<Input, Details>, 'kind'>,
): WriteAction<Input, Details> {
  return { kind: 'write', ...action };
}

/** A job operation, typed from its schemas to its route. */
export function defineJobAction<Input extends TObject, Output extends TObject>(
  action: Omit<JobAction<Input, Output>, 'kind'>,
): JobAction<Input, Output> {
  return { kind: 'job', ...action };
}

/**
 * An action's behaviour, loaded on its first call. The declaration (schemas, path, permissions)
 * is what routes, the OpenAPI document and the member policy need at start; the behaviour brings
 * the AWS SDK, which a cold Lambda answering /health or a policy page should not load. The loaded
 * function is kept: an `import()` per call still resolves its specifier every time, which under a
 * loader (tsx for `npm start`) is a round trip to the loader's thread on every request.
 */
export function loadOnFirstCall<Args extends unknown[], Result>(
  load: () => Promise<(...args: Args) => Promise<Result>>,
): (...args: Args) => Promise<Result> {
  let loaded: ((...args: Args) => Promise<Result>) | undefined;
  return async (...args) => {
    loaded ??= await load();
    return loaded(...args);
  };
}
