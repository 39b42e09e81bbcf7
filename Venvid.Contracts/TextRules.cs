namespace Venvid.Contracts;

/// <summary>
/// What the API accepts as text: any Unicode except control characters, tab, line feed and carriage return aside.
/// NUL cannot be stored in a Postgres <c>text</c> at all, and the others only garble logs, terminals, playlists and
/// the other clients that show them — no title, comment or search ever needs one.
/// </summary>
public static class TextRules
{
    public const string Message = "Control characters (other than tab and line breaks) are not allowed.";

    /// <summary>The same rule as an ECMA-262 pattern, for JSON Schema.</summary>
    public const string Pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

    public static bool IsAllowed(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsForbidden(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text with every forbidden character replaced by a space: for messages built from what a tool printed.</summary>
    public static string Printable(string text)
    {
        if (IsAllowed(text))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsForbidden(source[i]) ? ' ' : source[i];
            }
        });
    }

    private static bool IsForbidden(char c) => char.IsControl(c) && c is not '\t' and not '\n' and not '\r';
}
