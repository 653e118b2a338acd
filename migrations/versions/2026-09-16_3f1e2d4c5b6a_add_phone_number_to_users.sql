-- message: add phone number to users
-- revision: 3f1e2d4c5b6a
-- down_revision: 27c6a30d7c24
-- create_date: 2026-09-16 08:21:55.004113+00:00

-- migrate:upgrade
ALTER TABLE users ADD COLUMN phone text;

-- A function body with semicolons inside dollar quotes: one statement.
CREATE FUNCTION normalize_phone(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $body$
BEGIN
    RETURN regexp_replace(raw, '[^0-9+]', '', 'g');
END;
$body$;

-- migrate:downgrade
DROP FUNCTION normalize_phone(text);
ALTER TABLE users DROP COLUMN phone;
