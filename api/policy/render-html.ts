import { slug } from './catalog.js';

/**
 * Renders a policy document as a plain HTML page whose section anchors match the citation links
 * (GitHub's heading slugs). Handles only what the policy uses: headings, paragraphs, lists,
 * bold and inline code; everything else is shown as text, escaped.
 */
export function renderPolicyHtml(meta: Record<string, string>, markdown: string): string {
  const blocks = markdown.trim().split(/\n\s*\n/);
  const body = blocks.map(renderBlock).join('\n');
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

function renderBlock(block: string): string {
  const heading = /^(#{1,6}) (.+)$/.exec(block.trim());
  if (heading) {
    const level = heading[1]?.length ?? 1;
    const text = heading[2] ?? '';
    return `<h${level} id="${slug(text)}">${inline(text)}</h${level}>`;
  }
  const lines = block.split('\n');
  if (lines.every((line) => /^\s*[-*] /.test(line))) {
    return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
  }
  return `<p>${inline(lines.join(' '))}</p>`;
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`(.+?)`/g, '<code>$1</code>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
