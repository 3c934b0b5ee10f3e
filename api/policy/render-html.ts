import { Marked, type Tokens } from 'marked';
import { headingAnchors, lex } from './markdown.js';

/**
 * Renders a policy document as a plain HTML page whose section anchors match the citation links
 * (GitHub's heading slugs). Raw HTML in the Markdown is shown as text: the pages are public and
 * the policy has no need for markup of its own.
 */
export function renderPolicyHtml(meta: Record<string, string>, markdown: string): string {
  const tokens = lex(markdown);
  const anchors = headingAnchors(tokens);
  const renderer = new Marked({
    gfm: true,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token) {
        const id = anchors.get(token) ?? '';
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
      html: (token) => escapeHtml(token.text),
    },
  });
  const body = renderer.parser(tokens);
  const title = escapeHtml(meta.title ?? 'Security policy');
  const facts = [
    meta.owner && `Owner: ${escapeHtml(meta.owner)}`,
    meta.version && `Version ${escapeHtml(meta.version)}`,
    meta.effective && `Effective ${escapeHtml(meta.effective)}`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h2{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}h2:target{background:#fff6d5}
code{background:#f3f3f3;padding:0 .2em}.meta{color:#555}</style></head>
<body><p class="meta">${facts.join(' · ')}</p>
${body}
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
