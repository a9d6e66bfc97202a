/**
 * The panel's scope switch: the graph of the task it was opened on, or every task of the folder.
 * Back from the folder to a task only when the editor knows which task (the last one shown).
 */
import type { PanelScope } from "../shared/panelMessages";
import { html } from "./dom";
import "./elements";

type Kind = PanelScope["kind"];

export function scopeSwitch(choose: (kind: Kind) => void) {
  const taskOption = html("vscode-option", { value: "task" }, "This task's graph");
  const folderOption = html("vscode-option", { value: "folder" }, "Whole folder");
  const select = html(
    "vscode-single-select",
    { class: "scope-switch", label: "What the graph shows" },
    taskOption,
    folderOption,
  ) as HTMLElement & { value: string };
  let shown: Kind | undefined;
  select.addEventListener("change", () => {
    const kind = select.value as Kind;
    if (kind !== shown) choose(kind);
  });
  return {
    element: html("span", { class: "scope" }, "Show ", select),
    /** Says which scope is drawn; `lastTask` names the task a folder's graph can go back to. */
    show(kind: Kind, lastTask: string | undefined) {
      shown = kind;
      const canGoBack = kind === "task" || lastTask !== undefined;
      taskOption.toggleAttribute("disabled", !canGoBack);
      taskOption.setAttribute("description", kind === "folder" && lastTask ? lastTask : "");
      // Before the select has read its options it takes the selected one; after, its value.
      taskOption.toggleAttribute("selected", kind === "task");
      folderOption.toggleAttribute("selected", kind === "folder");
      select.value = kind;
    },
  };
}
