-- Directory search: "soren" finds Søren Ørsted among 100,000 people without reading them all.
--
-- For each person, one row per distinct beginning (1, 2 and 3 characters) of each word of their
-- folded name and email (`users.search_text`, split at spaces): "soren orsted soren.orsted@…"
-- gives s, so, sor, o, or, ors. A search looks up the rows of its longest word's beginning by
-- equality (never a text range, so the database's collation cannot change what is found) and
-- walks them in the key's order: people whose first name starts that way first
-- (`word_position` 0, then 1), each group by name. It checks every word of the search against
-- `search_text` (kept here too, so the check needs no other table) and stops at the tenth match.
--
-- Whatever adds or renames a person writes their rows (`db::directory::index_people`); a
-- database migrated with people already in it is filled on start (`db::directory::index_if_empty`).
CREATE TABLE directory_prefixes (
    organization_id  TEXT NOT NULL REFERENCES organizations(id),
    prefix           TEXT NOT NULL,
    -- 0: the prefix begins the person's first word (their first name); 1: only a later word
    word_position    BIGINT NOT NULL CHECK (word_position IN (0, 1)),
    search_text      TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (organization_id, prefix, word_position, search_text, user_id)
);
