import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headingAnchors, lex } from './markdown.js';

export interface PolicyControl {
  id: string;
  title: string;
  /** The Markdown file the control is published in, e.g. `network-access.md`. */
  document: string;
  documentTitle: string;
  /** GitHub-style heading anchor, so the link lands on the section. */
  anchor: string;
  version: string;
  effective: string;
  owner: string;
  /** The section's own text, heading included. */
  body: string;
}

export interface PolicyReference {
  id: string;
  title: string;
  url: string;
}

export const POLICY_DIRECTORY = fileURLToPath(new URL('../../policies-docs/', import.meta.url));

/** The corporate security policy, one control per `## ID: Title` section. */
export class PolicyCatalog {
  private readonly controls = new Map<string, PolicyControl>();

  constructor(
    controls: PolicyControl[],
    private readonly baseUrl: string,
    /** The Markdown source of each document, by file name. */
    private readonly sources = new Map<string, string>(),
  ) {
    for (const control of controls) this.controls.set(control.id, control);
  }

  static load(baseUrl: string, directory = POLICY_DIRECTORY): PolicyCatalog {
    const files = readdirSync(directory)
      .filter((file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md')
      .sort();
    const sources = new Map(
      files.map((file) => [file, readFileSync(join(directory, file), 'utf8')]),
    );
    const controls = [...sources].flatMap(([file, text]) => parsePolicyDocument(file, text));
    return new PolicyCatalog(controls, baseUrl, sources);
  }

  /** A document's Markdown, without its front matter, and its metadata. */
  source(document: string): { meta: Record<string, string>; content: string } | undefined {
    const text = this.sources.get(document);
    return text === undefined ? undefined : frontMatter(text);
  }

  all(): PolicyControl[] {
    return [...this.controls.values()];
  }

  get(id: string): PolicyControl | undefined {
    return this.controls.get(id);
  }

  reference(id: string): PolicyReference {
    const control = this.controls.get(id);
    if (!control) throw new Error(`Policy control ${id} is not defined in policies-docs/`);
    return {
      id,
      title: control.title,
      url: `${this.baseUrl}/${control.document}#${control.anchor}`,
    };
  }
}

const CONTROL_HEADING = /^([A-Z]{2,5}-\d{2}): (.+)$/;

/**
 * The controls of one document: each `## ID: Title` section up to the next heading of level 1
 * or 2, found by the Markdown lexer, so a `##` inside a code block is not taken for a section.
 */
export function parsePolicyDocument(document: string, text: string): PolicyControl[] {
  const { meta, content } = frontMatter(text);
  const documentTitle = meta.title ?? document;
  const tokens = lex(content);
  const anchors = headingAnchors(tokens);
  const controls: PolicyControl[] = [];
  let current: PolicyControl | undefined;
  for (const token of tokens) {
    if (token.type === 'heading' && token.depth <= 2) {
      const heading = token.depth === 2 ? CONTROL_HEADING.exec(token.text.trim()) : null;
      const [, id = '', title = ''] = heading ?? [];
      current = heading
        ? {
            id,
            title: title.trim(),
            document,
            documentTitle,
            anchor: anchors.get(token) ?? '',
            version: meta.version ?? '',
            effective: meta.effective ?? '',
            owner: meta.owner ?? '',
            body: '',
          }
        : undefined;
      if (current) controls.push(current);
    }
    if (current) current.body += token.raw;
  }
  for (const control of controls) control.body = control.body.trimEnd();
  return controls;
}

function frontMatter(text: string): { meta: Record<string, string>; content: string } {
  const normalized = text.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(normalized);
  if (!match) return { meta: {}, content: normalized };
  const meta: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const index = line.indexOf(':');
    if (index > 0) meta[line.slice(0, index).trim()] = line.slice(index + 1).trim();
  }
  return { meta, content: normalized.slice(match[0].length) };
}
