import type { SandboxResponse } from '../http.js';

/** Server-rendered hosted-UI pages: plain HTML forms that work without JavaScript. */

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f2f3f3; color: #16191f; margin: 0; }
  main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem;
    border-radius: 0.5rem; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.5rem;
    font-size: 1rem; border: 1px solid #687078; border-radius: 0.25rem; }
  input:focus, button:focus { outline: 3px solid #0972d3; outline-offset: 2px; }
  button { margin-top: 1.5rem; width: 100%; padding: 0.6rem; font-size: 1rem; font-weight: 600;
    color: #fff; background: #0972d3; border: 0; border-radius: 0.25rem; cursor: pointer; }
  .error { color: #b0120a; background: #fff0ef; border: 1px solid #b0120a; padding: 0.75rem;
    border-radius: 0.25rem; }
  .note { color: #414d5c; font-size: 0.9rem; }
  code { word-break: break-all; }
`;

const HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No form-action: browsers would then block the redirect back to the client after sign-in.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

function page(status: number, title: string, body: string): SandboxResponse {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return { status, headers: { ...HEADERS }, body: html };
}

export interface SignInPageOptions {
  clientName: string;
  /** The authorize request, carried in hidden fields to the POST. */
  hidden: Record<string, string>;
  username?: string;
  error?: string;
  status?: number;
}

export function signInPage(options: SignInPageOptions): SandboxResponse {
  const hidden = Object.entries(options.hidden)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const error = options.error
    ? `<p id="sign-in-error" class="error" role="alert">${escapeHtml(options.error)}</p>`
    : '';
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : '';
  const body = `<h1>Sign in</h1>
<p>Sign in to continue to <strong>${escapeHtml(options.clientName)}</strong>.</p>
${error}
<form method="post" action="/oauth2/authorize">
${hidden}
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(options.username ?? '')}" autocomplete="username" autocapitalize="none" spellcheck="false" required${invalid}${options.error ? '' : ' autofocus'}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${invalid}${options.error ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<p class="note">Local sandbox user pool. Seeded users sign in with the password
<code>&lt;username&gt;-sandbox-pass</code>.</p>`;
  return page(options.status ?? 200, 'Sign in', body);
}

export function errorPage(status: number, message: string): SandboxResponse {
  const body = `<h1>Sign-in error</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p class="note">The request was not sent back to the application because it could not be
trusted. Check the client id and that the redirect URI is registered for the client.</p>`;
  return page(status, 'Sign-in error', body);
}
