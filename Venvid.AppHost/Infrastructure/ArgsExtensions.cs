namespace Venvid.AppHost.Infrastructure;

internal static class ArgsExtensions
{
    public static void AddAll(this IList<object> args, IEnumerable<object> values)
    {
        foreach (var value in values)
        {
            args.Add(value);
        }
    }
}
