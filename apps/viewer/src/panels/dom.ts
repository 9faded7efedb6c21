/** Creates an element with a class and optional text: the panels build their DOM with nothing more. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A titled panel section; returns the section and its body. */
export function panel(title: string, id: string): { section: HTMLElement; body: HTMLElement } {
  const section = el('section', 'panel');
  section.id = id;
  section.append(el('h2', undefined, title));
  const body = el('div', 'panel-body');
  section.append(body);
  return { section, body };
}

/** Escapes text for innerHTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `mm:ss` or `h:mm:ss` of sim time. */
export function formatSimTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The HTML each panel element was last given. */
const lastHtml = new WeakMap<HTMLElement, string>();

/**
 * Sets an element's HTML only when it differs from what it was given last: panels redraw a few times a second, and
 * an unchanged rewrite still costs the browser parsing, style and layout.
 */
export function setHtml(node: HTMLElement, html: string): void {
  if (lastHtml.get(node) === html) return;
  lastHtml.set(node, html);
  node.innerHTML = html;
}
