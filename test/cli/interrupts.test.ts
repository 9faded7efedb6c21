import { describe, expect, it } from 'vitest';
import {
  interruptExitCode,
  listenForInterrupts,
  type SignalProcess,
  type StopSignal,
} from '../../apps/cli/interrupts.ts';

/** A process stand-in: signals are delivered by the test, exits are recorded. */
function fakeProcess(): SignalProcess & { send(signal: StopSignal): void; exits: number[]; listeners(): number } {
  const listeners = new Map<StopSignal, Set<() => void>>([
    ['SIGINT', new Set()],
    ['SIGTERM', new Set()],
  ]);
  const exits: number[] = [];
  return {
    on: (signal, listener) => listeners.get(signal)?.add(listener),
    off: (signal, listener) => listeners.get(signal)?.delete(listener),
    exit: (code) => void exits.push(code),
    send: (signal) => listeners.get(signal)?.forEach((l) => l()),
    exits,
    listeners: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

describe('listenForInterrupts', () => {
  it('aborts on the first signal, and forces an exit with robot.stop() on a second within 2 s', () => {
    const proc = fakeProcess();
    let nowMs = 0;
    let err = '';
    const stops: number[] = [];
    const interrupts = listenForInterrupts(proc, { write: (t) => void (err += t) }, () => nowMs);
    interrupts.onForce(() => stops.push(nowMs));
    proc.send('SIGINT');
    expect(interrupts.signal.aborted).toBe(true);
    expect(interrupts.signal.reason).toBe('SIGINT');
    expect(proc.exits).toEqual([]);
    // Later than 2 s: a reminder, and the window starts again.
    nowMs = 2_500;
    proc.send('SIGINT');
    expect(proc.exits).toEqual([]);
    expect(err).toContain('still stopping; Ctrl-C again within 2 s to exit at once');
    nowMs = 4_400;
    proc.send('SIGTERM');
    expect(stops).toEqual([4_400]);
    // The code of the first signal.
    expect(proc.exits).toEqual([130]);
  });

  it('exits even when robot.stop() throws, and removes its handlers when disposed', () => {
    const proc = fakeProcess();
    let err = '';
    const interrupts = listenForInterrupts(proc, { write: (t) => void (err += t) }, () => 0);
    interrupts.onForce(() => {
      throw new Error('bridge gone');
    });
    proc.send('SIGTERM');
    proc.send('SIGTERM');
    expect(proc.exits).toEqual([143]);
    expect(err).toContain('robot.stop() failed: bridge gone');
    expect(proc.listeners()).toBe(2);
    interrupts.dispose();
    expect(proc.listeners()).toBe(0);
  });

  it('maps signals to the exit codes shells report', () => {
    expect(interruptExitCode('SIGINT')).toBe(130);
    expect(interruptExitCode('SIGTERM')).toBe(143);
  });
});
