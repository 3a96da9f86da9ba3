-- Operators' decisions that override what breakfix would do, with who made
-- them, when and why: `clear` (a journal entry declared resolved), `pause`
-- and `resume`, `accept-history` (acting without an unreadable earlier day's
-- state). One row per decision, written in the day's database of the day it
-- was made. The identity is the operating system's (the process's uid and its
-- account), never an environment variable; $SUDO_USER is kept as context.
CREATE TABLE operator_audit (
  id          INTEGER PRIMARY KEY,
  at_ms       INTEGER NOT NULL,          -- the command's clock (BREAKFIX_NOW when set)
  command     TEXT NOT NULL CHECK (command IN ('clear', 'pause', 'resume', 'accept-history')),
  subject     TEXT,                      -- the host (clear), the day accepted (accept-history)
  detail      TEXT,                      -- what was done: entries cleared, the pause lifted, the problem accepted
  reason      TEXT NOT NULL,
  user        TEXT NOT NULL,             -- the account of the uid, or "uid N" when it has none
  uid         INTEGER,                   -- process.getuid(); NULL where the platform has none
  sudo_user   TEXT,                      -- $SUDO_USER when set: context only, not the identity
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL
);
CREATE INDEX operator_audit_by_command ON operator_audit (command, subject);
