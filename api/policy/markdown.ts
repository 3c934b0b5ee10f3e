import GithubSlugger from 'github-slugger';
import { Marked, type Token, type TokensList } from 'marked';

/** GitHub-flavoured Markdown, as the policy documents are written and previewed on GitHub. */
const markdown = new Marked({ gfm: true });

export function lex(text: string): TokensList {
  return markdown.lexer(text);
}

/**
 * GitHub's anchor for every heading, in document order: a later heading with the same text gets
 * `-1`, `-2`, as on GitHub. The catalog's citation links and the page's ids both come from here,
 * so they cannot drift apart.
 */
export function headingAnchors(tokens: Token[]): Map<Token, string> {
  const slugger = new GithubSlugger();
  const anchors = new Map<Token, string>();
  markdown.walkTokens(tokens, (token) => {
    if (token.type === 'heading') anchors.set(token, slugger.slug(token.text));
  });
  return anchors;
}
