-- name: ping
SELECT 1;

-- name: report-relay
INSERT INTO relay_status (relay, state, detail, changed_at, checked_at, paused_until, reported_by)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE state = VALUES(state), detail = VALUES(detail),
  changed_at = VALUES(changed_at), checked_at = VALUES(checked_at),
  paused_until = VALUES(paused_until), reported_by = VALUES(reported_by);

-- name: relay-checked
-- A background check that found the relay as it was: only the time of the check moves.
UPDATE relay_status SET checked_at = ?, reported_by = ? WHERE relay = ? AND state = ?;

-- name: relay-statuses
SELECT relay, state, detail, changed_at, checked_at, paused_until, reported_by
FROM relay_status ORDER BY relay;
