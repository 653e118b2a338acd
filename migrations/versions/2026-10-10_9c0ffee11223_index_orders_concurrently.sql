-- message: index orders concurrently
-- revision: 9c0ffee11223
-- down_revision: 53fffde5ad51
-- create_date: 2026-10-10 07:05:33.318004+00:00
-- transactional: false

-- migrate:upgrade
-- CONCURRENTLY cannot run inside a transaction: this revision runs statement by statement.
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);

-- migrate:downgrade
DROP INDEX CONCURRENTLY orders_placed_at_idx;
DROP INDEX CONCURRENTLY orders_user_id_idx;
