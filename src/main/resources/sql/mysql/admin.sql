-- MySQL 8 / MariaDB: an UPDATE with IN (SELECT ...) on another table runs the subquery per row of
-- deliveries (a full scan); written as a join, it probes uq_deliveries_once once per edition.

-- name: erase-skip-open-deliveries
UPDATE deliveries d JOIN editions e ON e.id = d.edition_id
SET d.status = 'skipped', d.last_error = 'subscriber erased'
WHERE d.subscriber_id = ? AND d.status IN ('queued', 'retry');

-- name: erase-delivery-details
UPDATE deliveries d JOIN editions e ON e.id = d.edition_id
SET d.smtp_response = NULL, d.last_error = NULL
WHERE d.subscriber_id = ? AND d.status <> 'skipped';
