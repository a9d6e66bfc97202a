/**
 * The page's line to the editor inside a webview: messages in, checked before use (a malformed
 * one is dropped with a console warning, never thrown into the page), messages out, and the
 * state VS Code keeps for the page across hide, show and reload.
 */
import { isToPanel, panelStateOf, type FromPanel, type PanelState, type ToPanel } from "../shared/panelMessages";

interface VsCodeApi {
  postMessage(message: FromPanel): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

export interface Bridge {
  post(message: FromPanel): void;
  keep(state: PanelState): void;
  /** What the page kept before it was last hidden or reloaded, if anything. */
  kept(): PanelState | undefined;
}

/** In the editor's webview, a bridge; in a report opened in a browser, none. */
export function editorBridge(onMessage: (message: ToPanel) => void): Bridge | undefined {
  if (typeof acquireVsCodeApi !== "function") return undefined;
  const api = acquireVsCodeApi();
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (isToPanel(event.data)) onMessage(event.data);
    else console.warn("semisync: dropped a message that is not one of the panel's", event.data);
  });
  return {
    post: (message) => api.postMessage(message),
    keep: (state) => api.setState(state),
    kept: () => {
      const state = api.getState();
      return panelStateOf(state);
    },
  };
}
