import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** Local resources a webview may load: the bundles and the icon font, nothing remote. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * A webview's page: a strict CSP that allows only our nonce'd script and our own styles and fonts.
 * `bundle` names the esbuild webview entry (dist/webview/BUNDLE.js and .css): main (search), chat, timeline, graph.
 */
export function renderWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  title: string,
  bundle = 'main',
): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...segments: string[]): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...segments)).toString();
  return `${webviewPageStart([
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ])}
<link rel="stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset('webview', `${bundle}.css`)}">
<title>${title}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${asset('webview', `${bundle}.js`)}"></script>
</body>
</html>`;
}

/**
 * The opening of every webview page up to its own head elements: the doctype, the Content-Security-Policy built from
 * `csp` (directives that start from "default-src 'none'"), the charset and the viewport.
 */
export function webviewPageStart(csp: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.join('; ')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">`;
}
