using FedWorkbench.Web.Baselines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedWorkbench.Web.Api;

/// <summary>Handler of <c>GET /api/runs/{id}/baselines</c>; <see cref="FedWorkbenchEndpoints"/> maps it.</summary>
internal static class BaselineEndpoints
{
    /// <summary>Maps the run baselines endpoint with a 405 problem for other methods.</summary>
    public static void Map(RouteGroupBuilder api, Action<RouteGroupBuilder, string, string> mapMethodNotAllowed)
    {
        api.MapGet("/runs/{id:guid}/baselines", GetRunBaselinesAsync).WithName("GetRunBaselines");
        mapMethodNotAllowed(api, "/runs/{id:guid}/baselines", "GET");
    }

    /// <summary>
    /// Returns the centralized baselines the run asked for, with their status and, once completed, their test
    /// scores; an empty list when it asked for none, and 404 when no run has the id.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<RunBaseline>>, ProblemHttpResult>> GetRunBaselinesAsync(
        Guid id, BaselineService baselines, CancellationToken cancellationToken)
    {
        IReadOnlyList<RunBaseline>? list = await baselines.GetForRunAsync(id, cancellationToken);
        return list is null ? RunEndpoints.RunNotFound(id) : TypedResults.Ok(list);
    }
}
