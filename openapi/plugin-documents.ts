/**
 * The documents registered as chat-assistant plugins. Amazon Q Business reads at most 20
 * operations from one plugin's document (../shared/reference/assistant-integration-facts.md). While
 * the API's document fits, it is the one plugin. Past that, it becomes one document per audience:
 * an operation goes to every audience whose scopes may call it, so each audience's plugin holds
 * what its people need (a responder still reads their own remediations).
 */
type Node = Record<string, unknown>;

export const MAX_PLUGIN_OPERATIONS = 20;

export const AUDIENCES = {
  responders: {
    levels: ['read', 'write'],
    description:
      'Inspect and fix security findings in the AWS accounts of the organization; every change can be previewed with dryRun and undone where AWS allows.',
  },
  auditors: {
    levels: ['audit'],
    description:
      'Read the audit trail of remediations: who asked for which change, under which ticket, and what happened.',
  },
} as const;

export type Audience = keyof typeof AUDIENCES;

export interface PluginDocument {
  /** Absent while the whole API is one plugin. */
  audience?: Audience;
  document: Node;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operationCount(document: Node): number {
  return Object.values((document.paths ?? {}) as Record<string, Node>).reduce(
    (count, item) => count + METHODS.filter((method) => item[method]).length,
    0,
  );
}

export function pluginDocuments(document: Node): PluginDocument[] {
  if (operationCount(document) <= MAX_PLUGIN_OPERATIONS) return [{ document }];
  return (Object.keys(AUDIENCES) as Audience[]).map((audience) => ({
    audience,
    document: audienceDocument(document, audience),
  }));
}

/** The plugin's display name: the configured one, with the audience when the API is split. */
export function pluginName(base: string, audience: Audience | undefined): string {
  return audience ? `${base}-${audience}` : base;
}

/** Operations no audience may call would be in no plugin: a route schema left without scopes. */
export function operationsInNoAudience(document: Node): string[] {
  const lost: string[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      const operation = item[method] as Node | undefined;
      if (!operation) continue;
      const levels = levelsOf(operation);
      const reached = Object.values(AUDIENCES).some((audience) =>
        audience.levels.some((level: string) => levels.includes(level)),
      );
      if (!reached) lost.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return lost;
}

function audienceDocument(document: Node, audience: Audience): Node {
  const { description } = AUDIENCES[audience];
  const levels: readonly string[] = AUDIENCES[audience].levels;
  const paths: Record<string, Node> = {};
  const tags = new Set<string>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      const operation = item[method] as Node | undefined;
      if (!operation || !levelsOf(operation).some((level) => levels.includes(level))) continue;
      paths[path] = { ...(paths[path] ?? {}), [method]: operation };
      for (const tag of (operation.tags ?? []) as string[]) tags.add(tag);
    }
  }
  const info = (document.info ?? {}) as Node;
  return {
    ...structuredClone(document),
    info: { ...info, title: `${String(info.title ?? 'API')}: ${audience}`, description },
    tags: ((document.tags ?? []) as Node[]).filter((tag) => tags.has(String(tag.name))),
    paths: structuredClone(paths),
  };
}

/** The scope levels (`<resource server>/<level>`) any of an operation's requirements names. */
function levelsOf(operation: Node): string[] {
  const requirements = (operation.security ?? []) as Array<Record<string, string[]>>;
  return requirements.flatMap((requirement) =>
    Object.values(requirement).flatMap((scopes) => scopes.map((scope) => scope.split('/').pop())),
  ) as string[];
}
