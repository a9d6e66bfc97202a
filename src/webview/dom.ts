/** Small element builders for the page: the pictures are drawn with the DOM alone, no framework. */
const SVG = "http://www.w3.org/2000/svg";

type Attributes = Record<string, string | number | undefined>;

function assign<T extends Element>(element: T, attributes: Attributes, children: Array<Node | string>): T {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    // The editor's webview forbids style attributes (its CSP has no 'unsafe-inline'); the CSSOM is allowed.
    if (name === "style") (element as unknown as ElementCSSInlineStyle).style.cssText = String(value);
    else element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

export function svg(tag: string, attributes: Attributes = {}, ...children: Array<Node | string>): SVGElement {
  return assign(document.createElementNS(SVG, tag), attributes, children);
}

export function html(tag: string, attributes: Attributes = {}, ...children: Array<Node | string>): HTMLElement {
  return assign(document.createElement(tag), attributes, children);
}
