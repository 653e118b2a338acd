-- message: create orders table
-- revision: ae1027a6acf0
-- down_revision: 27c6a30d7c24
-- create_date: 2026-09-15 10:40:27.089406+00:00

-- migrate:upgrade
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    status order_status NOT NULL DEFAULT 'pending',
    total_cents integer NOT NULL CHECK (total_cents >= 0),
    placed_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:downgrade
DROP TABLE orders;
DROP TYPE order_status;
