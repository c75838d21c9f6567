using System.Text;
using System.Text.Json;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedWorkbench.Web.Api;

/// <summary>Handlers of the <c>/api</c> endpoints; <see cref="FedWorkbenchEndpoints"/> maps them.</summary>
internal static class RunEndpoints
{
    /// <summary>Lists all runs, newest first.</summary>
    public static async Task<Ok<IReadOnlyList<RunSummary>>> ListRunsAsync(IRunService runs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.ListAsync(cancellationToken));

    /// <summary>Returns one run with its configuration and stored rounds.</summary>
    public static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> GetRunAsync(
        Guid id, IRunService runs, CancellationToken cancellationToken)
    {
        RunDetails? details = await runs.GetAsync(id, cancellationToken);
        return details is null ? RunNotFound(id) : TypedResults.Ok(details);
    }

    /// <summary>
    /// Parses the body as an experiment file, validates it and enqueues a run. Returns 202 with the run's
    /// current summary, 400 naming each invalid field, 413 for a body over the file limit, 422 over an instance
    /// limit of the Runs section, 429 over the launch rate per address, 503 when the queue is full.
    /// </summary>
    public static async Task<IResult> LaunchRunAsync(
        HttpRequest request, IRunService runs, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ILogger logger = loggerFactory.CreateLogger(typeof(RunEndpoints));

        // Only JSON is accepted. This also keeps HTML forms on other sites, which cannot send JSON, from
        // launching runs.
        if (!request.HasJsonContentType())
        {
            return Reject(logger, StatusCodes.Status415UnsupportedMediaType, "The experiment must be sent as JSON.",
                $"The request's Content-Type is '{request.ContentType ?? "missing"}'; send the experiment with Content-Type: application/json.");
        }

        if (ParseBaselines(request.Query["baselines"]) is not { } baselines)
        {
            return Reject(logger, StatusCodes.Status400BadRequest, "The baselines are invalid.",
                $"The query value baselines='{Shorten(request.Query["baselines"].ToString())}' is invalid; give comma-separated names from " +
                $"{string.Join(", ", ExperimentNames.All<BaselineKind>())}, or leave it out for none.");
        }

        if (request.ContentLength > ExperimentJson.MaxFileBytes)
        {
            return Reject(logger, StatusCodes.Status413PayloadTooLarge, "The experiment is too large.",
                $"The request body is {request.ContentLength:N0} bytes; the limit is {ExperimentJson.MaxFileBytes:N0}.");
        }

        // A chunked body has no Content-Length, so the limit is also enforced on the bytes actually read.
        string? json = await ReadBodyAsync(request, cancellationToken);
        if (json is null)
        {
            return Reject(logger, StatusCodes.Status413PayloadTooLarge, "The experiment is too large.",
                $"The request body is larger than {ExperimentJson.MaxFileBytes:N0} bytes.");
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return Reject(logger, StatusCodes.Status400BadRequest, "The experiment is missing.",
                "The request body is empty. Send an experiment as JSON, for example the body of GET /api/experiments/defaults.");
        }

        ExperimentConfig config;
        try
        {
            config = ExperimentJson.Deserialize(json);
        }
        catch (ExperimentException ex)
        {
            ApiLog.LaunchRejected(logger, StatusCodes.Status400BadRequest, ex.Message);
            string field = (ex.InnerException as JsonException)?.Path is { Length: > 1 } path ? path : "$";
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [ex.Message] },
                detail: ex.Message,
                title: "The experiment file is invalid.");
        }

        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);
        if (errors.Count > 0)
        {
            ApiLog.LaunchRejected(logger, StatusCodes.Status400BadRequest, string.Join(" ", errors.Select(e => e.Message)));
            Dictionary<string, string[]> byField = errors
                .GroupBy(e => string.Join('.', e.Field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return TypedResults.ValidationProblem(byField, title: "The experiment is invalid.");
        }

        Guid runId;
        try
        {
            runId = await runs.LaunchAsync(config, origin: null, baselines, cancellationToken);
        }
        catch (ExperimentException ex) when (ex.InnerException is RunLimitException limit)
        {
            // An instance limit: 422 for the configuration, 409 for a busy room, 429 for too many launches.
            SetRetryAfter(request.HttpContext, limit);

            return Reject(logger, limit.StatusCode, "The run was not queued.", ex.Message);
        }
        catch (ExperimentException ex)
        {
            // Validation passed above, so the remaining reason is a full queue.
            return Reject(logger, StatusCodes.Status503ServiceUnavailable, "The run was not queued.", ex.Message);
        }

        // The summary as stored now. An idle worker may already have taken the run. Such a run is still queued
        // but has no queue position until it is stored as running, as docs/api.md describes.
        RunDetails? details = await runs.GetAsync(runId, cancellationToken);
        return TypedResults.Accepted($"/api/runs/{runId}", details?.Summary);
    }

    /// <summary>
    /// Cancels a queued or running run: 202 with its summary, also when it is already cancelled; 404 when
    /// unknown; 409 when it ended in another way.
    /// </summary>
    public static async Task<IResult> CancelRunAsync(Guid id, IRunService runs, CancellationToken cancellationToken)
    {
        bool cancelled = await runs.CancelAsync(id, cancellationToken);
        RunDetails? details = await runs.GetAsync(id, CancellationToken.None);
        if (details is null)
        {
            return RunNotFound(id);
        }

        if (!cancelled)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The run has already ended.",
                detail: $"Run {id} is {StatusName(details.Summary.Status)}, so it cannot be cancelled. Only queued or running runs can be cancelled.");
        }

        return TypedResults.Accepted($"/api/runs/{id}", details.Summary);
    }

    /// <summary>
    /// Queues an interrupted run again so that it continues from its last checkpoint: 202 with its summary; 404 when
    /// unknown; 409 when it is not interrupted or has no usable checkpoint; 503 when the queue is full.
    /// </summary>
    public static async Task<IResult> ResumeRunAsync(Guid id, IRunService runs, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            RunSummary summary = await runs.ResumeAsync(id, cancellationToken);
            return TypedResults.Accepted($"/api/runs/{id}", summary);
        }
        catch (RunResumeException ex) when (ex.InnerException is RunLimitException limit)
        {
            SetRetryAfter(http, limit);
            return TypedResults.Problem(statusCode: limit.StatusCode, title: "The run was not queued.", detail: ex.Message);
        }
        catch (RunResumeException ex)
        {
            (int status, string title) = ex.Error switch
            {
                RunResumeError.NotFound => (StatusCodes.Status404NotFound, "The run was not found."),
                RunResumeError.QueueFull => (StatusCodes.Status503ServiceUnavailable, "The run was not queued."),
                _ => (StatusCodes.Status409Conflict, "The run cannot be resumed."),
            };
            return TypedResults.Problem(statusCode: status, title: title, detail: ex.Message);
        }
    }

    /// <summary>Sets Retry-After for a limit that says when to try again.</summary>
    private static void SetRetryAfter(HttpContext http, RunLimitException limit)
    {
        if (limit.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Returns the default experiment in the experiment file format.</summary>
    public static ContentHttpResult GetDefaultExperiment() =>
        TypedResults.Text(ExperimentJson.Serialize(new ExperimentConfig()), "application/json", Encoding.UTF8);

    /// <summary>Returns for any other path under <c>/api</c> with a 404 problem instead of the HTML not-found page.</summary>
    public static ProblemHttpResult UnknownPath(HttpRequest request) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No API endpoint matches this request.",
        detail: $"{request.Method} {request.Path} does not exist. The API is described in docs/api.md.");

    // The name the API uses for a status in JSON, such as "cancelled".
    internal static string StatusName(RunStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    /// <summary>Returns a 405 problem for a known path called with another method, with the Allow header set.</summary>
    public static ProblemHttpResult MethodNotAllowed(HttpContext http, string allowedMethods)
    {
        http.Response.Headers.Allow = allowedMethods;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "The method is not allowed on this path.",
            detail: $"{http.Request.Method} {http.Request.Path} is not supported; use {allowedMethods}. The API is described in docs/api.md.");
    }

    internal static ProblemHttpResult RunNotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "The run was not found.",
        detail: $"No run has the id {id}. List the runs with GET /api/runs.");

    private static ProblemHttpResult Reject(ILogger logger, int statusCode, string title, string detail)
    {
        ApiLog.LaunchRejected(logger, statusCode, detail);
        return TypedResults.Problem(statusCode: statusCode, title: title, detail: detail);
    }

    /// <summary>
    /// Reads the body as UTF-8 text, without a byte order mark; returns null when it is longer than
    /// <see cref="ExperimentJson.MaxFileBytes"/> bytes. At most one byte over the limit is read.
    /// </summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[ExperimentJson.MaxFileBytes + 1];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > ExperimentJson.MaxFileBytes)
        {
            return null;
        }

        ReadOnlySpan<byte> body = buffer.AsSpan(0, length);
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        // Like StreamReader, this replaces invalid UTF-8 sequences with U+FFFD.
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>
    /// Returns the baselines named by the <c>baselines</c> query value, an empty list when it is absent or empty, or
    /// null when a name is unknown or the value is repeated.
    /// </summary>
    internal static IReadOnlyList<BaselineKind>? ParseBaselines(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count <= 1 && BaselineKindList.TryParse(values.ToString(), out IReadOnlyList<BaselineKind> kinds, out _) ? kinds : null;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";
}
