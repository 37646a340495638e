// How many webhook posts run at once: at most `perTarget` to one receiver (scheme, host and port)
// and `overall` in all, so a storm of events opens a bounded number of sockets and a receiver
// that never answers holds only its own share of them. Waiting posts start in the order they were
// queued, taking receivers in turn so one busy receiver does not hold up the others.

export interface PostQueueOptions {
  /** posts running at once, over all receivers */
  overall: number;
  /** posts running at once to one receiver */
  perTarget: number;
}

export interface PostQueue {
  /** Runs `task` once a slot for `target` is free. */
  push(target: string, task: () => Promise<void>): void;
  /** Forgets the tasks that have not started; returns how many there were. */
  clear(): number;
  /** tasks started and not finished */
  readonly running: number;
  /** tasks waiting for a slot */
  readonly waiting: number;
}

interface Lane {
  tasks: (() => Promise<void>)[];
  /** index of the next task to start (the array is compacted now and then) */
  head: number;
  running: number;
}

export function createPostQueue(options: PostQueueOptions): PostQueue {
  checkBound("overall", options.overall);
  checkBound("per target", options.perTarget);
  const lanes = new Map<string, Lane>();
  /** targets with waiting tasks, in the order they get their next turn */
  let turns: string[] = [];
  let running = 0;
  let waiting = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Started after the current call has answered, never inside it.
    setTimeout(drain, 0);
  };

  function drain(): void {
    scheduled = false;
    // Each pass gives every receiver with a free slot one start; receivers at their bound wait.
    while (running < options.overall && turns.length > 0) {
      const next: string[] = [];
      let started = false;
      for (const target of turns) {
        const lane = lanes.get(target)!;
        if (running < options.overall && lane.running < options.perTarget && lane.head < lane.tasks.length) {
          start(target, lane);
          started = true;
        }
        if (lane.head < lane.tasks.length) next.push(target);
        else if (lane.running === 0) lanes.delete(target);
      }
      turns = next;
      if (!started) break;
    }
  }

  function start(target: string, lane: Lane): void {
    const task = lane.tasks[lane.head]!;
    lane.tasks[lane.head] = undefined as never;
    lane.head += 1;
    if (lane.head > 1024 && lane.head * 2 > lane.tasks.length) {
      lane.tasks = lane.tasks.slice(lane.head);
      lane.head = 0;
    }
    waiting -= 1;
    running += 1;
    lane.running += 1;
    void task()
      .catch(() => {})
      .finally(() => {
        running -= 1;
        lane.running -= 1;
        if (lane.head < lane.tasks.length) {
          if (!turns.includes(target)) turns.push(target);
        } else if (lane.running === 0) {
          lanes.delete(target);
        }
        if (turns.length > 0) schedule();
      });
  }

  return {
    push(target, task) {
      let lane = lanes.get(target);
      if (!lane) lanes.set(target, (lane = { tasks: [], head: 0, running: 0 }));
      lane.tasks.push(task);
      waiting += 1;
      if (lane.tasks.length - lane.head === 1 && !turns.includes(target)) turns.push(target);
      schedule();
    },
    clear() {
      const dropped = waiting;
      for (const [target, lane] of lanes) {
        lane.tasks = [];
        lane.head = 0;
        if (lane.running === 0) lanes.delete(target);
      }
      turns = [];
      waiting = 0;
      return dropped;
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting;
    },
  };
}

function checkBound(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`The webhook concurrency ${name} must be a whole number of 1 or more, not ${String(value)}.`);
}

/** The receiver a URL names, as sockets are shared: scheme, host and port. */
export function targetOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
