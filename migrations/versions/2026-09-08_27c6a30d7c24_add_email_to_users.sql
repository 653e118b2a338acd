-- message: add email to users
-- revision: 27c6a30d7c24
-- down_revision: 1975ea83b712
-- create_date: 2026-09-08 14:03:10.553201+00:00

-- migrate:upgrade
ALTER TABLE users ADD COLUMN email text;
UPDATE users SET email = lower(name) || '@example.invalid' WHERE email IS NULL;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- migrate:downgrade
ALTER TABLE users DROP COLUMN email;
