-- Claims, acks and every report select deliveries by edition (ix_deliveries_edition) or by
-- subscriber (ix_deliveries_subscriber); nothing reads (status, due_at) across editions. The index
-- cost a B-tree change for every row made at fan-out and two more per message (claim and ack both
-- change status).
DROP INDEX ix_deliveries_due ON deliveries;
