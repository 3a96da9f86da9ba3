/**
 * SIGINT/SIGTERM: the first asks the running pass to finish its current step
 * and stop (the transcript and journal stay complete); a second one exits at
 * once — safe too, since an interrupted action is journaled as unknown.
 */
export function stopOnSignals(err: (text: string) => void) {
  let stopped = false;
  const sleepers = new Set<() => void>();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) {
      err(`breakfix: ${signal} again: exiting now\n`);
      process.exit(130);
    }
    stopped = true;
    err(`breakfix: ${signal}: finishing the current step, then stopping (send again to exit now)\n`);
    for (const wake of sleepers) wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get stopped() {
      return stopped;
    },
    /** Sleep, woken early by a signal. */
    wait(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        sleepers.add(done);
      });
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
