using System.Globalization;
using System.Text;

namespace Venvid.Bench;

/// <summary>One line of the results table. <see cref="Met"/> is "yes", "no", "—", or empty (derived from goal and ratio).</summary>
public sealed record Row(string Benchmark, string Measured, string Baseline, string Venvid, string Ratio, string Goal, string Met)
{
    public static readonly string[] Header = ["benchmark", "what was measured", "baseline", "Venvid", "ratio", "goal", "met?"];

    public string ToTsv() => string.Join('\t', new[] { Benchmark, Measured, Baseline, Venvid, Ratio, Goal, Met }.Select(Clean));

    public static Row FromTsv(string line)
    {
        var c = line.Split('\t');
        string At(int i) => i < c.Length ? c[i] : "";
        return new Row(At(0), At(1), At(2), At(3), At(4), At(5), At(6));
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('|', '/');

    /// <summary>Yes/no from a goal like "≥ 0.5", "≤ 1.05" or "≤ 64 MiB" and the ratio column, when the row did not say.</summary>
    public string ResolvedMet()
    {
        if (Met.Length > 0)
        {
            return Met;
        }

        var goal = Goal.Trim();
        if (goal.Length < 2 || !double.TryParse(Ratio.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio))
        {
            return "—";
        }

        var limitText = goal[1..].Trim().Split(' ')[0];
        if (!double.TryParse(limitText, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
        {
            return "—";
        }

        return goal[0] switch
        {
            '≥' => ratio >= limit ? "yes" : "no",
            '≤' => ratio <= limit ? "yes" : "no",
            _ => "—",
        };
    }
}

public static class Table
{
    public static string Markdown(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Row.Header).AppendLine(" |");
        sb.Append('|').AppendJoin("", Row.Header.Select(_ => "---|")).AppendLine();
        foreach (var r in rows)
        {
            sb.Append("| ").AppendJoin(" | ", [r.Benchmark, r.Measured, r.Baseline, r.Venvid, r.Ratio, r.Goal, r.ResolvedMet()]).AppendLine(" |");
        }

        return sb.ToString();
    }
}

public static class Fmt
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string N0(double v) => v.ToString("#,0", Inv);

    public static string F(double v, int decimals = 2) => v.ToString("F" + decimals, Inv);

    public static string Ms(double ms) => ms >= 100 ? $"{ms.ToString("F0", Inv)} ms" : ms >= 10 ? $"{ms.ToString("F1", Inv)} ms" : $"{ms.ToString("F2", Inv)} ms";

    public static string MiB(double bytes) => $"{(bytes / 1024 / 1024).ToString("F1", Inv)} MiB";

    public static string S(double seconds) => $"{seconds.ToString("F1", Inv)} s";
}
