-- message: merge billing into main
-- revision: d00dfeed0001
-- down_revision: 9c0ffee11223, b111ab1e0002
-- create_date: 2026-10-20 12:00:00.000000+00:00

-- migrate:upgrade

-- migrate:downgrade
