-- message: merge orders and phone branches
-- revision: 53fffde5ad51
-- down_revision: ae1027a6acf0, 3f1e2d4c5b6a
-- create_date: 2026-09-20 16:00:00.000001+00:00

-- migrate:upgrade

-- migrate:downgrade
