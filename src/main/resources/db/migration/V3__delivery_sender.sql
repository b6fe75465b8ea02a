-- Which process sent each delivery (its lease owner at the time of the ack): with several
-- `tidings serve` processes on one database, the record shows how the work was shared.
ALTER TABLE deliveries ADD COLUMN sent_by VARCHAR(100) NULL;
