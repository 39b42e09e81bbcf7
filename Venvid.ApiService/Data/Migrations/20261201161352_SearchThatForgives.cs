using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Venvid.ApiService.Data.Migrations
{
    /// <summary>
    /// Search that finds what people type: a text search configuration that ignores accents, prefix queries, trigram
    /// word similarity for typos, and the indexes each search needs (videos, channels, public playlists).
    /// pg_trgm and unaccent are trusted extensions: the database owner may create them. Bodies with statements of
    /// their own are dollar-quoted (Npgsql splits commands at semicolons outside quotes).
    /// </summary>
    public partial class SearchThatForgives : Migration
    {
        private const string Listed = "status = 'ready' AND visibility = 'public' AND deleted_at IS NULL";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE EXTENSION IF NOT EXISTS unaccent;

                -- How names and queries compare: lower case, accents removed.
                CREATE FUNCTION venvid_fold(text) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                    RETURN lower(unaccent('unaccent'::regdictionary, $1));

                -- 'simple' (no stemming, no stop words: titles are in every language) that also drops accents.
                CREATE TEXT SEARCH CONFIGURATION venvid_search (COPY = pg_catalog.simple);
                ALTER TEXT SEARCH CONFIGURATION venvid_search
                    ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;

                -- What a person typed, as a query: every word a prefix of a word, all of them required; NULL without words.
                CREATE FUNCTION venvid_search_query(text) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                    AS $$
                        SELECT to_tsquery('venvid_search', string_agg(quote_literal(word) || ':*', ' & '))
                        FROM regexp_split_to_table(venvid_fold($1), '[[:space:][:punct:]]+') AS word
                        WHERE word <> ''
                    $$;

                -- The same, matching title words only (weight A): the search box's suggestions.
                CREATE FUNCTION venvid_title_query(text) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                    AS $$
                        SELECT to_tsquery('venvid_search', string_agg(quote_literal(word) || ':*A', ' & '))
                        FROM regexp_split_to_table(venvid_fold($1), '[[:space:][:punct:]]+') AS word
                        WHERE word <> ''
                    $$;

                -- Matches when the words prefix-match the document or the query is word-similar to the name (typos).
                -- STABLE like pg_trgm's %> (it reads pg_trgm.word_similarity_threshold), so Postgres inlines it and
                -- each side of the OR uses its own GIN index.
                CREATE FUNCTION venvid_text_matches(document tsvector, name text, query text) RETURNS boolean
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN document @@ venvid_search_query(query) OR venvid_fold(name) %> venvid_fold(query);

                CREATE FUNCTION venvid_text_rank(document tsvector, name text, query text) RETURNS real
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN coalesce(ts_rank(document, venvid_search_query(query)), 0) + word_similarity(venvid_fold(query), venvid_fold(name));

                CREATE FUNCTION venvid_channel_name(username text, display_name text) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN username || ' ' || coalesce(display_name, '');

                CREATE FUNCTION venvid_playlist_document(title text, description text) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN setweight(to_tsvector('venvid_search', coalesce(title, '')), 'A') || setweight(to_tsvector('venvid_search', coalesce(description, '')), 'B');

                -- Stored generated columns cannot change their expression before Postgres 17: drop and add.
                DROP INDEX ix_videos_search_vector;
                ALTER TABLE videos DROP COLUMN search_vector;
                ALTER TABLE videos ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS
                    (setweight(to_tsvector('venvid_search', coalesce(title, '')), 'A') || setweight(to_tsvector('venvid_search', coalesce(description, '')), 'B')) STORED;
                CREATE INDEX ix_videos_search_vector ON videos USING gin (search_vector);
                """);
            migrationBuilder.Sql($"""
                CREATE INDEX ix_videos_title_trigrams ON videos USING gin (venvid_fold(title) gin_trgm_ops) WHERE {Listed};
                CREATE INDEX ix_users_search_document ON users USING gin (to_tsvector('venvid_search', venvid_channel_name(username, display_name)));
                CREATE INDEX ix_users_search_trigrams ON users USING gin (venvid_fold(venvid_channel_name(username, display_name)) gin_trgm_ops);
                CREATE INDEX ix_playlists_search_document ON playlists USING gin (venvid_playlist_document(title, description))
                    WHERE kind = 'playlist' AND visibility = 'public';
                CREATE INDEX ix_playlists_search_trigrams ON playlists USING gin (venvid_fold(title) gin_trgm_ops)
                    WHERE kind = 'playlist' AND visibility = 'public';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_playlists_search_trigrams;
                DROP INDEX ix_playlists_search_document;
                DROP INDEX ix_users_search_trigrams;
                DROP INDEX ix_users_search_document;
                DROP INDEX ix_videos_title_trigrams;
                DROP INDEX ix_videos_search_vector;
                ALTER TABLE videos DROP COLUMN search_vector;
                ALTER TABLE videos ADD COLUMN search_vector tsvector NOT NULL GENERATED ALWAYS AS
                    (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B')) STORED;
                CREATE INDEX ix_videos_search_vector ON videos USING gin (search_vector);
                DROP FUNCTION venvid_playlist_document(text, text);
                DROP FUNCTION venvid_channel_name(text, text);
                DROP FUNCTION venvid_text_rank(tsvector, text, text);
                DROP FUNCTION venvid_text_matches(tsvector, text, text);
                DROP FUNCTION venvid_title_query(text);
                DROP FUNCTION venvid_search_query(text);
                DROP TEXT SEARCH CONFIGURATION venvid_search;
                DROP FUNCTION venvid_fold(text);
                """);
        }
    }
}
