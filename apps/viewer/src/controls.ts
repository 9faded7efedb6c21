import { el, formatSimTime } from './panels/dom.ts';
import { SPEEDS, type Speed } from './sim-pacer.ts';

/** What the console is doing. */
export type ConsoleMode = 'opening' | 'ready' | 'running' | 'paused' | 'stopped' | 'replay';

/** What the header's controls ask the console to do. */
export interface ControlActions {
  start(): void;
  pause(): void;
  stop(): void;
  speed(speed: Speed): void;
  follow(on: boolean): void;
  loadTrace(file: File): void;
  saveTrace(): void;
}

/** The header: Start / Pause / Stop, speed, follow-robot, trace load and save, the sim clock and a status note. */
export class Controls {
  readonly header: HTMLElement;
  private readonly startButton: HTMLButtonElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly clock: HTMLElement;
  private readonly status: HTMLElement;

  constructor(actions: ControlActions) {
    this.header = el('header', 'controls');
    this.header.append(el('h1', undefined, 'Restocking console'));
    this.startButton = button('start', 'Start', () => actions.start());
    this.pauseButton = button('pause', 'Pause', () => actions.pause());
    this.stopButton = button('stop', 'Stop', () => actions.stop());
    const speed = el('select');
    this.speedSelect = speed;
    speed.id = 'speed';
    speed.title = 'speed (multiple of real time)';
    for (const s of SPEEDS) speed.append(new Option(s === 'max' ? 'max' : `${s}×`, s));
    speed.addEventListener('change', () => actions.speed(speed.value as Speed));
    const follow = el('input');
    follow.type = 'checkbox';
    follow.id = 'follow';
    follow.addEventListener('change', () => actions.follow(follow.checked));
    const followLabel = el('label', 'toggle');
    followLabel.append(follow, ' follow robot');
    const trace = el('input');
    trace.type = 'file';
    trace.accept = '.jsonl,application/x-ndjson';
    trace.id = 'trace-file';
    trace.addEventListener('change', () => {
      const file = trace.files?.[0];
      if (file !== undefined) actions.loadTrace(file);
      trace.value = '';
    });
    const traceLabel = el('label', 'file');
    traceLabel.append('Load trace', trace);
    const save = button('save-trace', 'Save trace', () => actions.saveTrace());
    this.clock = el('span', 'clock');
    this.clock.id = 'clock';
    this.status = el('span', 'status');
    this.status.id = 'status';
    const group = el('div', 'buttons');
    group.append(this.startButton, this.pauseButton, this.stopButton, speed, followLabel, traceLabel, save);
    this.header.append(group, this.clock, this.status);
  }

  setMode(mode: ConsoleMode): void {
    this.header.dataset['mode'] = mode;
    this.startButton.textContent = mode === 'paused' ? 'Resume' : 'Start';
    this.startButton.disabled = mode === 'running' || mode === 'opening';
    this.pauseButton.disabled = mode !== 'running';
    this.stopButton.disabled = mode !== 'running' && mode !== 'paused';
    this.note(mode);
  }

  setSpeed(speed: Speed): void {
    this.speedSelect.value = speed;
  }

  /**
   * The sim clock, the real-time factor achieved and the frames drawn per second; `workerBusyS` when the worker has
   * sent nothing for a while (a long planning step holds it): the clock then says so instead of a stale factor.
   */
  setClock(simTimeMs: number, realTimeFactor: number, fps: number, workerBusyS = 0): void {
    const pace =
      workerBusyS > 0 ? `sim worker busy ${workerBusyS.toFixed(0)} s` : `${realTimeFactor.toFixed(1)}× real time`;
    setText(this.clock, `sim ${formatSimTime(simTimeMs)} · ${pace} · ${fps.toFixed(0)} fps`);
  }

  note(text: string): void {
    setText(this.status, text);
  }
}

/** Writes text only when it changed: an unchanged write still costs the browser a style and layout pass. */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function button(id: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', undefined, label);
  b.id = id;
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
