-- The schema as it should be, for `migrate revision --autogenerate` and `migrate check`.
-- Edit it, then run `migrate revision --autogenerate -m "..."` to get the revision that gets there.

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    email text NOT NULL CONSTRAINT users_email_key UNIQUE,
    phone text
);

CREATE FUNCTION normalize_phone(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $body$
BEGIN
    RETURN regexp_replace(raw, '[^0-9+]', '', 'g');
END;
$body$;

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    status order_status NOT NULL DEFAULT 'pending',
    total_cents integer NOT NULL CHECK (total_cents >= 0),
    placed_at timestamptz NOT NULL DEFAULT now(),
    note text
);
COMMENT ON COLUMN orders.note IS 'Free text from the customer; may contain ''quotes'' and ; semicolons';
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

CREATE SCHEMA billing;

CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    amount_cents integer NOT NULL,
    note text DEFAULT 'it''s due; pay soon'
);
