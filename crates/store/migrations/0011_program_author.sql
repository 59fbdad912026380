-- Who saved each version of a program: the signed-in staff member's login ('-' for tools and
-- tests with nobody signed in). Versions saved before this column, and the first state of a
-- bundled program saved before its first change, have none (NULL).
ALTER TABLE program_versions ADD COLUMN author TEXT;
