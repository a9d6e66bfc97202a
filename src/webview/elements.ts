/**
 * The controls the pictures take from @vscode-elements (VS Code's own look, its theme variables,
 * keyboard and screen-reader behaviour built in): only the components used, so the bundle that
 * every report carries stays small. Importing a component defines its custom element.
 */
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import { html } from "./dom";

/** A button with a short text on it and a label that says what it does, for the eye and the ear. */
export function actionButton(label: string, text: string, action: () => void, extra: Record<string, string> = {}) {
  const button = html("vscode-button", { secondary: "", "aria-label": label, title: label, ...extra }, text);
  button.addEventListener("click", action);
  return button;
}
