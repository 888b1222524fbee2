-- Fewer B-trees on tunnels. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
-- Every OpenTunnel writes into every index of the table, and on H2 (WRITE_DELAY=0) each commit serialises every
-- B-tree page it changed: an index that no query needs costs each creation a page rewrite and, if unique, a check.

-- An ARN ends with '/' + tunnel_id (NewTunnel checks it), so the primary key already makes ARNs unique, and a lookup
-- by ARN goes through the primary key with the id taken from the ARN.
ALTER TABLE tunnels DROP CONSTRAINT tunnels_arn_unique;

-- One index for the expiry sweep (status = 'OPEN' AND closed_at IS NULL AND expires_at <= ?) and the purge of closed
-- tunnels (status = 'CLOSED' AND closed_at < ?): an open tunnel never has a closed_at.
DROP INDEX tunnels_by_expiry;
DROP INDEX tunnels_by_closed;
CREATE INDEX tunnels_by_status ON tunnels (status, closed_at, expires_at);
