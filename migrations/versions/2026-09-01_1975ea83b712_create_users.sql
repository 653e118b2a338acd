-- message: create users table
-- revision: 1975ea83b712
-- down_revision:
-- create_date: 2026-09-01 09:12:44.120391+00:00

-- migrate:upgrade
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:downgrade
DROP TABLE users;
