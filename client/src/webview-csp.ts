/**
 * The Content-Security-Policy of the estimate report webview: no scripts, no fetches, only the page's
 * inline styles and data: images. The server's page carries a policy of its own; this one replaces it
 * so the webview never depends on what the page says.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSP_META = /<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>\n?/gi;

export function withReportCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`;
  const stripped = html.replace(CSP_META, '');
  // The policy must come before anything it governs: first thing in <head>.
  if (/<head(\s[^>]*)?>/i.test(stripped)) return stripped.replace(/<head(\s[^>]*)?>/i, (head) => `${head}\n${meta}`);
  return `<!doctype html><html><head>${meta}</head><body>${stripped}</body></html>`;
}

/** A page for a message (not a plan, the server is not running), in the webview's theme colours. */
export function messagePage(title: string, message: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return withReportCsp(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:16px 24px}</style></head><body><h2>${esc(title)}</h2><p>${esc(message)}</p></body></html>`,
  );
}
