using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Venvid.ApiService.Data.Migrations
{
    /// <summary>
    /// The API now refuses control characters in text (TextRules; tab and line breaks aside). Text stored before that
    /// rule gets a space for each, so every answer keeps to the pattern the OpenAPI document promises (caption labels
    /// too). Rows that hold none are not touched (their updated_at and caches stay as they are); generated columns
    /// follow by themselves.
    /// </summary>
    public partial class TextWithoutControlCharacters : Migration
    {
        /// <summary>Postgres' regular expression for what TextRules refuses (NUL cannot be in a text column at all).</summary>
        private const string Forbidden = @"[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]";

        private static readonly (string Table, string Column)[] Texts =
        [
            ("users", "display_name"), ("users", "bio"),
            ("videos", "title"), ("videos", "description"), ("videos", "failure_reason"),
            ("playlists", "title"), ("playlists", "description"),
            ("comments", "text"),
            ("uploads", "file_name"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, column) in Texts)
            {
                migrationBuilder.Sql($"UPDATE {table} SET {column} = regexp_replace({column}, '{Forbidden}', ' ', 'g') WHERE {column} ~ '{Forbidden}';");
            }

            // Caption tracks are a jsonb array of objects (the label is what a person typed): every string field of
            // every track, read unescaped, in the order the tracks had.
            migrationBuilder.Sql($$"""
                UPDATE videos SET captions = (
                    SELECT jsonb_agg((
                        SELECT jsonb_object_agg(field.key, CASE WHEN jsonb_typeof(field.value) = 'string'
                            THEN to_jsonb(regexp_replace(field.value #>> '{}', '{{Forbidden}}', ' ', 'g'))
                            ELSE field.value END)
                        FROM jsonb_each(track.value) AS field) ORDER BY track.ordinality)
                    FROM jsonb_array_elements(captions) WITH ORDINALITY AS track(value, ordinality))
                WHERE EXISTS (
                    SELECT 1 FROM jsonb_array_elements(captions) AS track(value), jsonb_each_text(track.value) AS field
                    WHERE field.value ~ '{{Forbidden}}');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // What was replaced is gone; the text stays valid under either rule.
        }
    }
}
