-- message: create invoices
-- revision: b111ab1e0002
-- down_revision: b111ab1e0001
-- depends_on: ae1027a6acf0
-- create_date: 2026-10-02 09:45:12.777777+00:00

-- migrate:upgrade
-- Invoices point at orders, so this revision depends on the one creating them.
CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    amount_cents integer NOT NULL,
    note text DEFAULT 'it''s due; pay soon'
);

-- migrate:downgrade
DROP TABLE billing.invoices;
