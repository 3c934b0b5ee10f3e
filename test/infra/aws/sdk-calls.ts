import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** SDK packages whose operations map one-to-one to IAM actions of the member policy. */
const SERVICES: Record<string, string> = {
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
};

/**
 * Permissions AWS checks on a call besides its own action (its service authorization reference
 * lists them as dependent actions): associating an instance profile passes its role.
 */
const DEPENDENT: Record<string, string[]> = {
  'ec2:AssociateIamInstanceProfile': ['iam:PassRole'],
};

export interface FileCalls {
  file: string;
  /** IAM actions the file's SDK calls need, e.g. `ec2:RevokeSecurityGroupIngress`. */
  calls: string[];
  /** Value imports from the SDK that this scanner cannot map to an IAM action. */
  unmapped: string[];
  /** SDK packages imported that the member policy does not cover. */
  otherSdks: string[];
  /** Relative modules imported (not type-only), resolved to .ts paths. */
  imports: string[];
  /** Relative modules loaded with `import()`: an action's lazily loaded behaviour. */
  dynamicImports: string[];
}

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g;
const DYNAMIC_IMPORT = /import\(\s*'(\.[^']+)'\s*\)/g;

export function scanFile(file: string): FileCalls {
  const source = readFileSync(file, 'utf8');
  const result: FileCalls = {
    file,
    calls: [],
    unmapped: [],
    otherSdks: [],
    imports: [],
    dynamicImports: [...source.matchAll(DYNAMIC_IMPORT)].map((match) =>
      resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')),
    ),
  };
  for (const match of source.matchAll(IMPORT)) {
    const [, typeOnly, names = '', from = ''] = match;
    if (typeOnly) continue;
    if (from.startsWith('.')) {
      result.imports.push(resolve(dirname(file), from.replace(/\.js$/, '.ts')));
      continue;
    }
    const service = SERVICES[from];
    if (!service) {
      if (from.startsWith('@aws-sdk/')) result.otherSdks.push(from);
      continue;
    }
    for (const raw of names.split(',')) {
      const name = raw.trim();
      if (!name || name.startsWith('type ')) continue;
      const command = /^(\w+)Command$/.exec(name);
      const paginator = /^paginate(\w+)$/.exec(name);
      const operation = command?.[1] ?? paginator?.[1];
      if (operation) {
        // Counted only where it is used, not merely imported.
        const used = new RegExp(`\\b${name}\\s*\\(`).test(source.replace(match[0], ''));
        if (used) {
          const call = `${service}:${operation}`;
          result.calls.push(call, ...(DEPENDENT[call] ?? []));
        }
      } else if (!/(Client|Exception|ServiceException)$/.test(name)) {
        result.unmapped.push(`${from} ${name}`);
      }
    }
  }
  result.calls = [...new Set(result.calls)].sort();
  return result;
}

/** The file and every module it imports statically, transitively: what runs when it is loaded. */
export function staticClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of scanFile(path).imports) visit(imported);
  };
  visit(file);
  return [...seen].sort();
}

/** The IAM actions a module's behaviour needs: every SDK call in its static closure. */
export function callsOf(entries: string[]): string[] {
  const files = new Set(entries.flatMap(staticClosure));
  return [...new Set([...files].flatMap((file) => scanFile(file).calls))].sort();
}

export function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `closeSecurityGroupPort` → the file registry.ts imports it from. */
export function registryModules(registryFile: string): Map<string, string> {
  const modules = new Map<string, string>();
  for (const match of readFileSync(registryFile, 'utf8').matchAll(IMPORT)) {
    const [, typeOnly, names = '', from = ''] = match;
    if (typeOnly || !from.startsWith('.')) continue;
    for (const name of names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      modules.set(name, resolve(dirname(registryFile), from.replace(/\.js$/, '.ts')));
    }
  }
  return modules;
}
