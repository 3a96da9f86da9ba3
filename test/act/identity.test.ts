import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { whoIsRunning } from '../../src/act/identity.js';

const ME = userInfo().username;
const UID = process.getuid!();

describe('whoIsRunning', () => {
  it('takes the identity from the OS; SUDO_USER is context only', () => {
    expect(whoIsRunning({ USER: 'mallory', SUDO_USER: 'alice' })).toEqual({ user: ME, uid: UID, host: hostname(), sudoUser: 'alice' });
    expect(whoIsRunning({}).sudoUser).toBeNull();
  });
});
