import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CommandLatch, PartChannel } from '../../apps/record/command-latch.ts';
import { HardwareFault, type Motion, type MotionFeedback } from '../../hardware/common.ts';

/** A motion that logs when the part starts and halts it; `fail` makes the running motion fault. */
function loggedMotion(log: string[], name: string): Motion<string> & { fail(fault: HardwareFault): void } {
  let fail: (fault: HardwareFault) => void = () => undefined;
  return {
    applied: name,
    execution$: new Observable<MotionFeedback>((subscriber) => {
      log.push(`${name} starts`);
      fail = (fault) => subscriber.error(fault);
      return () => log.push(`${name} halts`);
    }),
    fail: (fault) => fail(fault),
  };
}

function channel(): { latch: CommandLatch; part: PartChannel; log: string[] } {
  const latch = new CommandLatch();
  return { latch, part: new PartChannel(latch, 'arm/test'), log: [] };
}

describe('CommandLatch and PartChannel: commands take effect at the next frame', () => {
  it('starts a subscribed motion only at the flush, and records it then', () => {
    const { latch, part, log } = channel();
    const motion = part.motion(
      loggedMotion(log, 'a'),
      () => log.push('a commanded'),
      () => log.push('a held'),
    );
    motion.execution$.subscribe();
    expect(log).toEqual([]);
    latch.flush();
    expect(log).toEqual(['a commanded', 'a starts']);
  });

  it('drops a motion cancelled before its frame, and halts a running one at the next frame', () => {
    const { latch, part, log } = channel();
    const early = part
      .motion(
        loggedMotion(log, 'a'),
        () => log.push('a commanded'),
        () => log.push('a held'),
      )
      .execution$.subscribe();
    early.unsubscribe();
    latch.flush();
    expect(log).toEqual([]);
    const running = part
      .motion(
        loggedMotion(log, 'b'),
        () => log.push('b commanded'),
        () => log.push('b held'),
      )
      .execution$.subscribe();
    latch.flush();
    running.unsubscribe();
    expect(log).toEqual(['b commanded', 'b starts']);
    latch.flush();
    expect(log).toEqual(['b commanded', 'b starts', 'b halts', 'b held']);
  });

  it('lets a stop through at once and refuses motions still waiting for their frame', () => {
    const { latch, part, log } = channel();
    const errors: unknown[] = [];
    part
      .motion(
        loggedMotion(log, 'a'),
        () => log.push('a commanded'),
        () => log.push('a held'),
      )
      .execution$.subscribe({ error: (e: unknown) => errors.push(e) });
    part.stop(
      () => log.push('part stopped'),
      () => log.push('holds'),
    );
    expect(log).toEqual(['part stopped', 'holds']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HardwareFault);
    expect((errors[0] as HardwareFault).code).toBe('rejected');
    latch.flush();
    expect(log).toEqual(['part stopped', 'holds']);
  });

  it('records a hold when the running motion faults, but not when a newer command preempted it', () => {
    const { latch, part, log } = channel();
    const a = loggedMotion(log, 'a');
    part
      .motion(
        a,
        () => log.push('a commanded'),
        () => log.push('a held'),
      )
      .execution$.subscribe({ error: () => undefined });
    latch.flush();
    const b = loggedMotion(log, 'b');
    part
      .motion(
        b,
        () => log.push('b commanded'),
        () => log.push('b held'),
      )
      .execution$.subscribe({ error: () => undefined });
    latch.flush();
    a.fail(new HardwareFault('rejected', 'arm/test', 'preempted by a newer command'));
    expect(log).not.toContain('a held');
    b.fail(new HardwareFault('collision', 'arm/test', 'protective stop'));
    expect(log.at(-2)).toBe('b held');
  });
});
