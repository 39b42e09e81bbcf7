using Aspire.Hosting.ApplicationModel;
using Venvid.Contracts;

namespace Venvid.AppHost.Infrastructure;

/// <summary>
/// The dashboard's everyday operator actions on the API (run mode only): each is an HTTP command to the API's
/// internal operator endpoints, with the service credential the worker uses.
/// </summary>
public static class OperatorCommands
{
    public const string FlushViews = "flush-views";
    public const string RequeueFailedJobs = "requeue-failed-jobs";

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> serviceKey)
    {
        if (!api.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return api;
        }

        HttpCommandOptions Post(string description, string icon, string? confirmation = null) => new()
        {
            Method = HttpMethod.Post,
            Description = description,
            IconName = icon,
            ConfirmationMessage = confirmation,
            PrepareRequest = async context =>
                context.Request.Headers.Add(WorkerAuth.HeaderName, await serviceKey.Resource.GetValueAsync(context.CancellationToken)),
        };

        return api
            .WithHttpCommand("/internal/operator/views/flush", "Flush views now", commandName: FlushViews,
                commandOptions: Post("Write the views this replica has queued to Postgres now, not at the next tick.", "ArrowSync"))
            .WithHttpCommand("/internal/operator/jobs/requeue-failed", "Requeue failed jobs", commandName: RequeueFailedJobs,
                commandOptions: Post("Queue the last job of every failed video again, attempts reset.", "ArrowRepeatAll",
                    "Queue every failed video's processing again?"));
    }
}
