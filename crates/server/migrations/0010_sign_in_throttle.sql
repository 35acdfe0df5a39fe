-- Failed sign-ins, counted per key in a window that starts with the key's first failure:
--   'pair <email> <address>'  one account from one client address (refused past its limit)
--   'address <address>'       one client address, whatever the account (refused past its limit)
--   'account <email>'         one account from every address (slowed, never refused)
-- An attempt claims its place (failures + 1, only while under the limit) in one statement
-- before the password is checked, so concurrent attempts cannot all be checked; a right
-- password gives the place back. Rows whose window has ended are purged on a schedule.
CREATE TABLE sign_in_throttle (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    failures      BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_by_window ON sign_in_throttle (window_start);

-- Replaced by sign_in_throttle: it was counted before the check and written after it.
DROP TABLE failed_sign_ins;

-- The purge of ended sessions reads them by expiry.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
