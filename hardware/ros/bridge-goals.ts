import {
  ActionClient,
  Goal,
  isRosbridgeActionFeedbackMessage,
  isRosbridgeActionResultMessage,
  type Ros,
  type RosbridgeMessage,
  type RosbridgeSendActionGoalMessage,
} from 'roslib';
import type { SchedulerLike, Subscription } from 'rxjs';
import type { GoalEvent } from './bridge-types.ts';
import { ROS1_GOAL_STATUS, ROS1_TERMINAL_STATUS, ROS2_GOAL_STATUS, typeName } from './dialect.ts';

/**
 * How long a ROS 1 goal whose status says it ended may wait for its result message before it ends on the status
 * alone, ms. The result can be lost: a server that ends a goal at once publishes the result before rosbridge's new
 * result subscription is connected (the status is repeated at 5 Hz, the result is sent once).
 */
export const ROS1_RESULT_GRACE_MS = 1000;

/** Sends a goal and returns how to cancel it. `ack` marks the goal as answered (a ROS 1 status). */
export type SendGoal = (
  action: string,
  type: string,
  goal: unknown,
  emit: (event: GoalEvent) => void,
  ack: () => void,
) => () => void;

/**
 * ROS 2: rosbridge's own action ops (`send_action_goal`, `action_feedback`, `action_result`,
 * `cancel_action_goal`). `nextId` numbers the goals of one connection.
 */
export function ros2GoalSender(ros: Ros, nextId: () => number): SendGoal {
  return (action, type, goal, emit) => {
    const id = `send_action_goal:${action}:${nextId()}`;
    const handler = (message: RosbridgeMessage): void => {
      if (isRosbridgeActionFeedbackMessage(message)) emit({ kind: 'feedback', values: message.values });
      else if (isRosbridgeActionResultMessage(message)) {
        ros.off(id, handler);
        emit({
          kind: 'result',
          succeeded: message.result && message.status === ROS2_GOAL_STATUS.succeeded,
          status: message.status,
          values: message.values,
        });
      }
    };
    ros.on(id, handler);
    const send: RosbridgeSendActionGoalMessage = {
      op: 'send_action_goal',
      id,
      action,
      action_type: typeName('ros2', type, 'action'),
      args: goal,
      feedback: true,
    };
    ros.callOnConnection(send);
    return () => {
      ros.off(id, handler);
      ros.callOnConnection({ op: 'cancel_action_goal', id, action });
    };
  };
}

/**
 * ROS 1: actionlib over topics through roslib's `ActionClient`, one client per action server. As actionlib's own
 * clients do (`waitForServer`), the first goal waits for the server's first status message, so that rosbridge's
 * subscriptions to the action's topics are connected before a goal can end; a goal whose status says it ended ends
 * on that status if its result message does not come within `ROS1_RESULT_GRACE_MS`.
 */
export function ros1GoalSender(ros: Ros, scheduler: SchedulerLike, warn: (text: string) => void): SendGoal {
  const clients = new Map<string, ActionClient>();
  return (action, type, goal, emit, ack) => {
    let client = clients.get(action);
    if (client === undefined) {
      client = new ActionClient({ ros, serverName: action, actionName: `${typeName('ros1', type)}Action` });
      clients.set(action, client);
    }
    const owner = client;
    const handle = new Goal({ actionClient: owner, goalMessage: goal });
    let lastStatus = -1;
    let ended = false;
    let grace: Subscription | undefined;
    const end = (values: unknown): void => {
      if (ended) return;
      ended = true;
      grace?.unsubscribe();
      emit({ kind: 'result', succeeded: lastStatus === ROS1_GOAL_STATUS.succeeded, status: lastStatus, values });
    };
    // actionlib publishes a status for every goal it knows (acceptance) and a result for every goal it ends.
    handle.on('status', (status) => {
      lastStatus = status.status;
      ack();
      if (ROS1_TERMINAL_STATUS.has(lastStatus) && grace === undefined && !ended)
        grace = scheduler.schedule(() => {
          warn(
            `action ${action}: the goal ended with status ${lastStatus} but its result never came; using the status`,
          );
          end({});
        }, ROS1_RESULT_GRACE_MS);
    });
    handle.on('feedback', (values) => emit({ kind: 'feedback', values }));
    handle.on('result', (values) => end(values));
    let sent = false;
    const send = (): void => {
      owner.statusListener.off('message', send);
      if (sent) return;
      sent = true;
      handle.send();
    };
    if (owner.receivedStatus) send();
    else owner.statusListener.on('message', send);
    return () => {
      owner.statusListener.off('message', send);
      grace?.unsubscribe();
      handle.removeAllListeners();
      delete owner.goals[handle.goalID];
      if (sent) handle.cancel();
    };
  };
}
