-- MySQL 8 / MariaDB 10.6+: concurrent claimers skip each other's locked rows instead of waiting.

-- name: claim-candidates-of-edition
SELECT d.id FROM deliveries d
WHERE d.edition_id = ? AND d.status IN ('queued', 'retry', 'sending') AND d.due_at <= ?
LIMIT ?
FOR UPDATE SKIP LOCKED;
