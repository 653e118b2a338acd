-- message: billing base
-- revision: b111ab1e0001
-- down_revision:
-- branch_labels: billing
-- create_date: 2026-10-01 11:30:00.250000+00:00

-- migrate:upgrade
CREATE SCHEMA billing;

-- migrate:downgrade
DROP SCHEMA billing;
