/**
 * The graph panel's page: the pictures' bundle and stylesheet from the extension's dist/, under
 * a Content-Security-Policy that lets in only them (the script by its nonce) and nothing remote.
 */
import { randomBytes } from "node:crypto";

export interface PageResources {
  /** The webview's own origin for local resources (`webview.cspSource`). */
  cspSource: string;
  /** dist/webview.js and dist/webview.css as the webview reaches them (`webview.asWebviewUri`). */
  script: string;
  style: string;
}

export function graphPanelPage({ cspSource, script, style }: PageResources, nonce = newNonce()): string {
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>semisync graph</title>
</head>
<body>
<main id="semisync-pictures" data-panel="true"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>
`;
}

function newNonce(): string {
  return randomBytes(18).toString("base64url");
}
