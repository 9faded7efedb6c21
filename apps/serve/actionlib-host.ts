import type { Subscription } from 'rxjs';
import { z } from 'zod';
import { ROS1_GOAL_STATUS, rosHeader, rosTime } from '../../hardware/ros/dialect.ts';
import { GoalRejected, type ActionServer, type RosGraph } from './ros-graph.ts';

/** actionlib servers publish their goal list this often, Hz. */
const STATUS_HZ = 5;
/** Finished goals stay in the status list this long (actionlib's status_list_timeout), ms. */
const FINISHED_KEPT_MS = 5000;

const GoalMessage = z.object({ goal_id: z.object({ id: z.string() }).loose(), goal: z.unknown() }).loose();
const CancelMessage = z.object({ id: z.string().default('') }).loose();

interface GoalRecord {
  readonly id: string;
  readonly stampMs: number;
  status: number;
  text: string;
  run?: Subscription;
  endedMs?: number;
}

/**
 * An action served the ROS 1 way, as actionlib does over five topics under its name: clients publish `goal` and
 * `cancel`, and listen to `status` (every goal's state, at 5 Hz), `feedback` and `result`. Cancelling (one goal by
 * id, or every goal with an empty id) unsubscribes the goal's run at once, which halts the part, and reports it
 * PREEMPTED.
 */
export class ActionlibHost {
  private readonly goals = new Map<string, GoalRecord>();
  private readonly timer: ReturnType<typeof setInterval>;
  private seq = 0;

  constructor(
    private readonly graph: RosGraph,
    private readonly name: string,
    private readonly server: ActionServer,
    private readonly clockMs: () => number,
  ) {
    const type = server.type;
    graph.declareTopic(`${name}/goal`, `${type}ActionGoal`, (m) => issue(GoalMessage.safeParse(m)));
    graph.declareTopic(`${name}/cancel`, 'actionlib_msgs/GoalID', (m) => issue(CancelMessage.safeParse(m)));
    graph.declareTopic(`${name}/status`, 'actionlib_msgs/GoalStatusArray');
    graph.declareTopic(`${name}/feedback`, `${type}ActionFeedback`);
    graph.declareTopic(`${name}/result`, `${type}ActionResult`);
    graph.listen(`${name}/goal`, undefined, (m) => this.onGoal(GoalMessage.parse(m)));
    graph.listen(`${name}/cancel`, undefined, (m) => this.onCancel(CancelMessage.parse(m).id));
    this.timer = setInterval(() => this.publishStatus(), 1000 / STATUS_HZ);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const goal of this.goals.values()) goal.run?.unsubscribe();
  }

  private onGoal(message: z.infer<typeof GoalMessage>): void {
    const record: GoalRecord = {
      id: message.goal_id.id,
      stampMs: this.clockMs(),
      status: ROS1_GOAL_STATUS.pending,
      text: '',
    };
    this.goals.get(record.id)?.run?.unsubscribe();
    this.goals.set(record.id, record);
    let events;
    try {
      events = this.server.execute(message.goal);
    } catch (error) {
      if (!(error instanceof GoalRejected)) throw error;
      this.finish(record, ROS1_GOAL_STATUS.rejected, error.message, error.values);
      return;
    }
    record.status = ROS1_GOAL_STATUS.active;
    this.publishStatus();
    const run = events.subscribe({
      next: (event) => {
        if (event.kind === 'feedback') {
          this.graph.publish(
            `${this.name}/feedback`,
            { header: this.header(), status: this.statusOf(record), feedback: event.values },
            'local',
          );
          return;
        }
        const status =
          event.state === 'succeeded'
            ? ROS1_GOAL_STATUS.succeeded
            : event.state === 'aborted'
              ? ROS1_GOAL_STATUS.aborted
              : ROS1_GOAL_STATUS.preempted;
        this.finish(record, status, '', event.values);
      },
      error: (error: unknown) => this.finish(record, ROS1_GOAL_STATUS.aborted, (error as Error).message, {}),
    });
    if (record.endedMs === undefined) record.run = run;
  }

  private onCancel(id: string): void {
    for (const record of this.goals.values()) {
      if (record.endedMs !== undefined || (id !== '' && record.id !== id)) continue;
      record.run?.unsubscribe();
      this.finish(record, ROS1_GOAL_STATUS.preempted, 'cancelled', this.server.canceledResult());
    }
  }

  private finish(record: GoalRecord, status: number, text: string, result: unknown): void {
    record.status = status;
    record.text = text;
    record.endedMs = this.clockMs();
    delete record.run;
    this.graph.publish(
      `${this.name}/result`,
      { header: this.header(), status: this.statusOf(record), result },
      'local',
    );
    this.publishStatus();
  }

  private publishStatus(): void {
    const now = this.clockMs();
    for (const [id, record] of this.goals)
      if (record.endedMs !== undefined && now - record.endedMs > FINISHED_KEPT_MS) this.goals.delete(id);
    const statusList = [...this.goals.values()].map((r) => this.statusOf(r));
    this.graph.publish(`${this.name}/status`, { header: this.header(), status_list: statusList }, 'local');
  }

  private statusOf(record: GoalRecord): Record<string, unknown> {
    return {
      goal_id: { stamp: rosTime('ros1', record.stampMs), id: record.id },
      status: record.status,
      text: record.text,
    };
  }

  private header(): Record<string, unknown> {
    return rosHeader('ros1', this.clockMs(), '', this.seq++);
  }
}

function issue(result: { success: boolean; error?: z.ZodError }): string | undefined {
  if (result.success || result.error === undefined) return undefined;
  const first = result.error.issues[0]!;
  return `${first.path.map(String).join('.') || 'message'}: ${first.message}`;
}
