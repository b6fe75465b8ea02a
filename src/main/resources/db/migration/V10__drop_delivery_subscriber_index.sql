-- Only erasing a subscriber looked deliveries up by subscriber alone, and it now probes
-- (edition_id, subscriber_id) once per edition through uq_deliveries_once. The index cost a B-tree
-- insert for every row a fan-out makes (about a tenth of a million-row fan-out on MariaDB) and a
-- few dozen bytes per delivery kept.
DROP INDEX ix_deliveries_subscriber ON deliveries;
