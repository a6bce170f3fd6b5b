-- pgbench script of the lab: each transaction updates one of 4 hot accounts and holds the
-- row lock for ~5 ms (a slow statement inside the transaction), so throughput is capped by
-- row locks inside PostgreSQL (about 4 transactions at a time), not by CPU.
\set aid random(1, 4)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT pg_sleep(0.005);
END;
