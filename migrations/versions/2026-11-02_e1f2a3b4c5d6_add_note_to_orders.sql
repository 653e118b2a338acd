-- message: add note to orders
-- revision: e1f2a3b4c5d6
-- down_revision: d00dfeed0001
-- create_date: 2026-11-02 15:20:41.902113+00:00

-- migrate:upgrade
ALTER TABLE orders ADD COLUMN note text;
COMMENT ON COLUMN orders.note IS 'Free text from the customer; may contain ''quotes'' and ; semicolons';

-- migrate:downgrade
ALTER TABLE orders DROP COLUMN note;
