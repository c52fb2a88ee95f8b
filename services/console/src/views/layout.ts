import { h, type Safe } from "../web/html.js";

export interface PageContext {
  user?: string;
  csrf?: string;
}

export function layout(title: string, ctx: PageContext, body: Safe): string {
  const nav = ctx.user
    ? h`<nav><a href="/">Queue</a> <a href="/lookup">Lookup</a> <a href="/overview">Overview</a>
<span class="who">${ctx.user}</span>
<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button>Log out</button></form></nav>`
    : h``;
  return h`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · fraud console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>
<body><header><strong>Fraud console</strong> ${nav}</header><main>${body}</main></body></html>`.html;
}

export function loginPage(csrf: string, error?: string): string {
  return layout(
    "Log in",
    {},
    h`<h1>Log in</h1>${error ? h`<p class="error">${error}</p>` : ""}
<form method="post" action="/login" class="login">
<input type="hidden" name="_csrf" value="${csrf}">
<label>User <input name="user" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button></form>`,
  );
}

export function errorPage(ctx: PageContext, status: number, message: string): string {
  return layout(
    String(status),
    ctx,
    h`<h1>${status}</h1><p class="error">${message}</p><p><a href="/">Back to the queue</a></p>`,
  );
}
