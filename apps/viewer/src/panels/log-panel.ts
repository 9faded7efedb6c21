import { escapeHtml, formatSimTime, panel } from './dom.ts';

/** Lines kept in the log; older ones scroll away. */
const MAX_LINES = 300;

/** The event log: what happened, newest first, with sim time. */
export class LogPanel {
  readonly section: HTMLElement;
  private readonly list: HTMLOListElement;
  private count = 0;

  constructor() {
    const { section, body } = panel('Event log', 'log');
    this.section = section;
    this.list = document.createElement('ol');
    this.list.className = 'lines';
    body.append(this.list);
  }

  add(simTimeMs: number, kind: 'info' | 'ok' | 'warn' | 'fail', text: string): void {
    const li = document.createElement('li');
    li.className = kind;
    // A line longer than the panel ends in an ellipsis; its title holds it whole.
    li.title = text;
    li.innerHTML = `<time>${formatSimTime(simTimeMs)}</time> ${escapeHtml(text)}`;
    this.list.prepend(li);
    if (++this.count > MAX_LINES) {
      this.list.lastElementChild?.remove();
      this.count--;
    }
  }

  clear(): void {
    this.list.replaceChildren();
    this.count = 0;
  }
}
