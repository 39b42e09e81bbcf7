namespace Venvid.ApiService.Jobs;

public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";
}

public static class JobKinds
{
    public const string Transcode = "transcode";
}
