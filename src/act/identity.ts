import { hostname, userInfo } from 'node:os';

/**
 * Who is running breakfix, for pause records and the operator audit: the
 * operating system's answer (the process's uid and the account it names),
 * never an environment variable anyone can set. $SUDO_USER is kept beside
 * it as context (who ran sudo), but it is not the identity.
 */
export interface Identity {
  /** The account of the uid, or `uid N` when the uid has no passwd entry. */
  readonly user: string;
  /** process.getuid(); null on platforms without one. */
  readonly uid: number | null;
  readonly host: string;
  /** $SUDO_USER when set: context only. */
  readonly sudoUser: string | null;
}

export function whoIsRunning(env: NodeJS.ProcessEnv = process.env): Identity {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // A uid without a passwd entry (containers often run as one): the uid is the identity.
    user = uid === null ? 'unknown' : `uid ${uid}`;
  }
  const sudo = env['SUDO_USER'];
  return { user, uid, host: hostname(), sudoUser: sudo !== undefined && sudo !== '' ? sudo : null };
}

/** `alice@host1`: how records name who did something. */
export function userAtHost(i: Identity): string {
  return `${i.user}@${i.host}`;
}

/** `alice@host1 (uid 1000, via sudo from bob)`: the identity in full, for audit listings. */
export function describeIdentity(i: { user: string; uid: number | null; host: string; sudoUser?: string | null }): string {
  const extra = [i.uid !== null ? `uid ${i.uid}` : null, i.sudoUser ? `SUDO_USER=${i.sudoUser}` : null].filter(Boolean);
  return `${i.user}@${i.host}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}
