-- name: insert-bounce
INSERT INTO bounces (report_id, delivery_id, subscriber_id, kind, status_code, diagnostic,
  received_at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: mark-delivery-bounce
-- A hard bounce wins over a soft one reported earlier for the same delivery.
UPDATE deliveries SET bounce = CASE WHEN bounce = 'hard' THEN bounce ELSE ? END WHERE id = ?;

-- name: count-subscriber-hard-bounce
UPDATE subscribers SET
  status = CASE WHEN bounce_count + 1 >= ? AND status = 'active' THEN 'bounced' ELSE status END,
  bounce_count = bounce_count + 1,
  updated_at = ?
WHERE id = ?;

-- name: bounced-address-of-subscriber
SELECT email_hash FROM subscribers WHERE id = ? AND status = 'bounced';
