-- name: claim-candidates-of-edition
-- Due rows of one edition; 'sending' rows here are expired leases (due_at is the lease expiry).
-- No ORDER BY: the (edition_id, status, due_at) index yields due rows and LIMIT stops early.
-- On MySQL the rows are locked and other claimers skip them (see sql/mysql).
SELECT d.id FROM deliveries d
WHERE d.edition_id = ? AND d.status IN ('queued', 'retry', 'sending') AND d.due_at <= ?
LIMIT ?;

-- name: claim
-- Re-checks that the row is still due, so a row another process claimed in between is left alone
-- (the optimistic half of the lease; on MySQL SKIP LOCKED already avoids most collisions).
UPDATE deliveries SET status = 'sending', lease_owner = ?, due_at = ?
WHERE id IN (/*list*/ ?) AND status IN ('queued', 'retry', 'sending') AND due_at <= ?;

-- name: claimed
SELECT d.id, d.edition_id, d.subscriber_id, d.attempts, d.due_at, s.email, s.name,
  s.status AS subscriber_status, sub.status AS subscription_status,
  (SELECT COUNT(*) FROM suppressions x WHERE x.email_hash = s.email_hash) AS suppressed
FROM deliveries d
JOIN subscribers s ON s.id = d.subscriber_id
JOIN editions e ON e.id = d.edition_id
LEFT JOIN subscriptions sub ON sub.subscriber_id = s.id AND sub.newsletter_id = e.newsletter_id
WHERE d.id IN (/*list*/ ?) AND d.lease_owner = ? AND d.status = 'sending'
ORDER BY d.id;

-- name: ack-sent-batch
-- One statement for a whole batch of accepted messages: the database then touches each row once,
-- instead of parsing and executing one UPDATE per message. The CASE carries each row's own reply.
UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1,
  sent_by = lease_owner, lease_owner = NULL, last_error = NULL,
  smtp_response = CASE id /*cases*/ WHEN ? THEN ? END
WHERE id IN (/*list*/ ?) AND lease_owner = ? AND status = 'sending';

-- name: ack-retry
UPDATE deliveries SET status = 'retry', due_at = ?, attempts = attempts + 1, last_error = ?,
  lease_owner = NULL
WHERE id = ? AND lease_owner = ? AND status = 'sending';

-- name: ack-returned
-- The relay refused us, not the recipient: queued again as if never claimed, the attempt not
-- counted; the relay's pause keeps it from being tried at once.
UPDATE deliveries SET status = 'queued', due_at = ?, last_error = ?, lease_owner = NULL
WHERE id = ? AND lease_owner = ? AND status = 'sending';

-- name: ack-failed
UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?,
  lease_owner = NULL
WHERE id = ? AND lease_owner = ? AND status = 'sending';

-- name: count-hard-bounce
-- bounce_count is read before it is incremented in the CASE (MySQL evaluates assignments left to
-- right, so status is set first).
UPDATE subscribers SET
  status = CASE WHEN bounce_count + 1 >= ? AND status = 'active' THEN 'bounced' ELSE status END,
  bounce_count = bounce_count + 1,
  updated_at = ?
WHERE id = (SELECT subscriber_id FROM deliveries WHERE id = ?);

-- name: bounced-address-of-delivery
SELECT s.email_hash FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id
WHERE d.id = ? AND s.status = 'bounced';

-- name: cancel-open-deliveries
-- Rows leased right now are left to their worker, whose ack still lands.
UPDATE deliveries SET status = 'skipped', last_error = 'edition cancelled', lease_owner = NULL
WHERE edition_id = ? AND status IN ('queued', 'retry');

-- name: ack-skipped
UPDATE deliveries SET status = 'skipped', last_error = ?, lease_owner = NULL
WHERE id = ? AND lease_owner = ? AND status = 'sending';

-- name: extend-leases
-- The engine's heartbeat: while its process lives, a row it holds stays leased, even while a
-- worker waits ten minutes for a relay's reply to the final dot. Ranged on (edition_id, status) by
-- ix_deliveries_edition, so it reads only the edition's leased rows.
UPDATE deliveries SET due_at = ?
WHERE edition_id = ? AND status = 'sending' AND lease_owner = ?;

-- name: release
-- Hands unsent rows back at shutdown, so another process need not wait for the lease to expire.
UPDATE deliveries SET status = 'queued', due_at = ?, lease_owner = NULL
WHERE id = ? AND lease_owner = ? AND status = 'sending';

-- name: edition-may-finish
-- A plain read, taking no lock: finish-edition locks the edition row, and while the fan-out holds
-- that row for a chunk the caller (the ack writer, and with it all sending) would wait for it.
SELECT 1 FROM editions WHERE id = ? AND status = 'sending' AND fanout_after IS NULL;

-- name: finish-edition
-- An edition is sent when no row can still be tried; run after acks, so whoever writes the last
-- ack closes it.
UPDATE editions SET status = 'sent', finished_at = ?
WHERE id = ? AND status = 'sending' AND fanout_after IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM deliveries d
    WHERE d.edition_id = ? AND d.status IN ('queued', 'retry', 'sending'));

-- name: sending-editions
SELECT id FROM editions WHERE status = 'sending';

-- name: next-due
SELECT MIN(due_at) AS next_due FROM deliveries
WHERE edition_id = ? AND status IN ('queued', 'retry', 'sending');
