import { pause, resume, whoAmI, type PauseState } from '../act/pause.js';
import { openWorkspace, type Env } from './env.js';

/** `breakfix pause --reason "..."`: passes keep importing, exporting and planning, but act on nothing. */
export function runPause(env: Env, reason: string): PauseState {
  const { ws } = openWorkspace(env);
  return pause(ws.pauseFile, reason, whoAmI(), env.clock());
}

/** `breakfix resume`: acting is allowed again. */
export function runResume(env: Env): PauseState | undefined {
  const { ws } = openWorkspace(env);
  return resume(ws.pauseFile);
}
