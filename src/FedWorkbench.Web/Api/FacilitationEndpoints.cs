using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FedWorkbench.Web.Api;

/// <summary>Body of <c>POST /api/rooms/{code}/votes</c>.</summary>
/// <param name="BoardId">The board whose sticky notes get votes; required.</param>
/// <param name="VotesPerPerson">1 to <see cref="FacilitationLimits.MaxVotesPerPerson"/>; 3 when missing.</param>
public sealed record StartVoteRequest(Guid? BoardId, int? VotesPerPerson);

/// <summary>Body of <c>POST /api/rooms/{code}/timer</c>.</summary>
/// <param name="Action"><c>start</c>, <c>pause</c>, <c>resume</c>, <c>add</c> or <c>stop</c>.</param>
/// <param name="PhaseIndex">The agenda phase to count down, from 0; required with <c>start</c> and rejected otherwise.</param>
/// <param name="Minutes">Minutes to add, 1 to <see cref="FacilitationLimits.MaxAddedMinutes"/>; required with <c>add</c> and rejected otherwise.</param>
public sealed record TimerRequest(string? Action, int? PhaseIndex, int? Minutes);

/// <summary>Body of <c>PUT /api/rooms/{code}/agenda</c>: the whole new agenda, in order.</summary>
public sealed record AgendaRequest(IReadOnlyList<AgendaPhaseRequest?>? Phases);

/// <summary>One phase of an <see cref="AgendaRequest"/>; both fields are required.</summary>
public sealed record AgendaPhaseRequest(string? Title, int? Minutes);

/// <summary>
/// Handlers of the facilitator endpoints under <c>/api/rooms/{code}</c> (votes, countdown, agenda);
/// <see cref="BoardEndpoints.Map"/> maps them. Each request carries the facilitator token in the
/// <see cref="FacilitatorToken.HeaderName"/> header, never in the URL, and goes through <see cref="IFacilitationService"/>.
/// </summary>
/// <remarks>
/// Checks run in this order, and nothing is stored unless all pass. The room must exist (404) and the token match
/// (403). The body must be JSON (415) of at most 16 KiB (413) with the right types and no unknown or missing field
/// (400). Values must be in range and the board in the room (422). Last, the room's current state must allow the
/// action (409), which for example ending a vote with none open does not.
/// </remarks>
internal static class FacilitationEndpoints
{
    // Largest body: an agenda of 20 phases with 80-character titles, even written with \uXXXX escapes, fits.
    private const int MaxBodyBytes = 16 * 1024;

    // Votes per person when the request leaves it out, as on the room page.
    private const int DefaultVotesPerPerson = 3;

    // Stricter than JsonSerializerOptions.Web: numbers in strings, unknown properties (usually a typo that would
    // otherwise fall back to a default) and repeated properties are rejected.
    private static readonly JsonSerializerOptions StrictJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private const string TimerActions = "start, pause, resume, add or stop";

    /// <summary>Maps the facilitator endpoints with the cross-site filter, and a 405 problem for other methods.</summary>
    public static void Map(RouteGroupBuilder api, Action<RouteGroupBuilder, string, string> mapMethodNotAllowed)
    {
        api.MapPost("/rooms/{code}/votes", StartVoteAsync).WithName("StartVote")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapPost("/rooms/{code}/votes/end", EndVoteAsync).WithName("EndVote")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapPost("/rooms/{code}/timer", ChangeTimerAsync).WithName("ChangeTimer")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);
        api.MapPut("/rooms/{code}/agenda", SetAgendaAsync).WithName("SetAgenda")
            .AddEndpointFilter(CrossSiteRequestFilter.RejectCrossSiteAsync);

        mapMethodNotAllowed(api, "/rooms/{code}/votes", "POST");
        mapMethodNotAllowed(api, "/rooms/{code}/votes/end", "POST");
        mapMethodNotAllowed(api, "/rooms/{code}/timer", "POST");
        mapMethodNotAllowed(api, "/rooms/{code}/agenda", "PUT");
    }

    /// <summary>
    /// Opens a voting round on the sticky notes of a board, ending an open round first: 200 with the round
    /// (<see cref="VoteRoundView"/>), or a problem as the class remarks list.
    /// </summary>
    public static async Task<IResult> StartVoteAsync(
        string code, HttpRequest request, IRoomService rooms, IFacilitationService facilitation, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var call = new FacilitatorCall(request, loggerFactory, "The vote was not started.");
        (RoomInfo? room, IResult? error) = await call.AuthorizeAsync(code, rooms, facilitation, "start a vote", cancellationToken);
        if (room is null)
        {
            return error!;
        }

        (StartVoteRequest? body, error) = await call.ReadBodyAsync<StartVoteRequest>(
            """{ "boardId": "…", "votesPerPerson": 3 }""", cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.BoardId is not Guid boardId)
        {
            return call.Reject(StatusCodes.Status400BadRequest,
                $"boardId is missing. Send the id of the board whose sticky notes get votes; GET /api/rooms/{room.Code}/boards lists them.");
        }

        int votesPerPerson = body.VotesPerPerson ?? DefaultVotesPerPerson;
        try
        {
            FacilitationInput.VotesPerPerson(votesPerPerson);
        }
        catch (FacilitationException ex)
        {
            return call.Reject(StatusCodes.Status422UnprocessableEntity, ex.Message);
        }

        IReadOnlyList<BoardInfo> boards = await rooms.ListBoardsAsync(room.Id, cancellationToken);
        if (!boards.Any(b => b.Id == boardId))
        {
            return call.Reject(StatusCodes.Status422UnprocessableEntity,
                $"Room '{room.Code}' has no board with the id {boardId}. GET /api/rooms/{room.Code}/boards lists its boards.");
        }

        return await call.ChangeAsync(
            () => facilitation.StartVoteAsync(room.Id, call.Token, boardId, votesPerPerson, cancellationToken),
            view => TypedResults.Ok(view.Vote));
    }

    /// <summary>
    /// Ends the open voting round: 200 with the round and its <see cref="VoteRoundView.Results"/>, 409 when no round
    /// is open. The body is ignored.
    /// </summary>
    public static async Task<IResult> EndVoteAsync(
        string code, HttpRequest request, IRoomService rooms, IFacilitationService facilitation, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var call = new FacilitatorCall(request, loggerFactory, "The vote was not ended.");
        (RoomInfo? room, IResult? error) = await call.AuthorizeAsync(code, rooms, facilitation, "end the vote", cancellationToken);
        if (room is null)
        {
            return error!;
        }

        return await call.ChangeAsync(
            () => facilitation.EndVoteAsync(room.Id, call.Token, cancellationToken),
            view => TypedResults.Ok(view.Vote));
    }

    /// <summary>
    /// Starts, pauses, resumes, extends or stops the countdown: 200 with the room's <see cref="FacilitationView"/>,
    /// 409 when the countdown is not in a state the action applies to (for example pausing a paused countdown).
    /// </summary>
    public static async Task<IResult> ChangeTimerAsync(
        string code, HttpRequest request, IRoomService rooms, IFacilitationService facilitation, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var call = new FacilitatorCall(request, loggerFactory, "The countdown was not changed.");
        (RoomInfo? room, IResult? error) = await call.AuthorizeAsync(code, rooms, facilitation, "change the countdown", cancellationToken);
        if (room is null)
        {
            return error!;
        }

        (TimerRequest? body, error) = await call.ReadBodyAsync<TimerRequest>(
            """{ "action": "start", "phaseIndex": 0 } or { "action": "add", "minutes": 5 }""", cancellationToken);
        if (body is null)
        {
            return error!;
        }

        string? action = body.Action;
        if (string.IsNullOrEmpty(action))
        {
            return call.Reject(StatusCodes.Status400BadRequest, $"action is missing; use {TimerActions}.");
        }

        if (action is not ("start" or "pause" or "resume" or "add" or "stop"))
        {
            return call.Reject(StatusCodes.Status400BadRequest, $"action '{FacilitationInput.Shorten(action)}' is unknown; use {TimerActions}.");
        }

        if (body.PhaseIndex is not null && action != "start")
        {
            return call.Reject(StatusCodes.Status400BadRequest, $"phaseIndex applies only to action start; remove it from the {action} request.");
        }

        if (body.Minutes is not null && action != "add")
        {
            return call.Reject(StatusCodes.Status400BadRequest, action == "start"
                ? "minutes applies only to action add: a started countdown lasts its phase's minutes. Change the phase with PUT /api/rooms/{code}/agenda, or add minutes after the start."
                : $"minutes applies only to action add; remove it from the {action} request.");
        }

        switch (action)
        {
            case "start":
                if (body.PhaseIndex is not int phaseIndex)
                {
                    return call.Reject(StatusCodes.Status400BadRequest, "phaseIndex is missing; send the index of the agenda phase to count down, from 0.");
                }

                if (phaseIndex < 0)
                {
                    return call.Reject(StatusCodes.Status422UnprocessableEntity, $"phaseIndex {phaseIndex} is negative; agenda phases are numbered from 0.");
                }

                return await call.ChangeAsync(() => facilitation.StartTimerAsync(room.Id, call.Token, phaseIndex, cancellationToken), TypedResults.Ok);

            case "add":
                if (body.Minutes is not int minutes)
                {
                    return call.Reject(StatusCodes.Status400BadRequest, $"minutes is missing; send the minutes to add, 1 to {FacilitationLimits.MaxAddedMinutes}.");
                }

                try
                {
                    FacilitationInput.AddedMinutes(minutes);
                }
                catch (FacilitationException ex)
                {
                    return call.Reject(StatusCodes.Status422UnprocessableEntity, ex.Message);
                }

                return await call.ChangeAsync(() => facilitation.AddTimeAsync(room.Id, call.Token, minutes, cancellationToken), TypedResults.Ok);

            case "stop":
                return await call.ChangeAsync(() => facilitation.StopTimerAsync(room.Id, call.Token, cancellationToken), TypedResults.Ok);

            default:
                return await PauseOrResumeAsync(call, room, facilitation, pause: action == "pause", cancellationToken);
        }
    }

    /// <summary>
    /// Replaces the agenda: 200 with the room's <see cref="FacilitationView"/>. A countdown whose phase no longer
    /// exists stops. An empty list clears the agenda.
    /// </summary>
    public static async Task<IResult> SetAgendaAsync(
        string code, HttpRequest request, IRoomService rooms, IFacilitationService facilitation, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var call = new FacilitatorCall(request, loggerFactory, "The agenda was not changed.");
        (RoomInfo? room, IResult? error) = await call.AuthorizeAsync(code, rooms, facilitation, "change the agenda", cancellationToken);
        if (room is null)
        {
            return error!;
        }

        (AgendaRequest? body, error) = await call.ReadBodyAsync<AgendaRequest>(
            """{ "phases": [{ "title": "Theory", "minutes": 30 }] }""", cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.Phases is not { } requested)
        {
            return call.Reject(StatusCodes.Status400BadRequest, "phases is missing; send the whole agenda as a list of { \"title\", \"minutes\" }, or [] to clear it.");
        }

        var phases = new List<AgendaPhase>(requested.Count);
        for (int i = 0; i < requested.Count; i++)
        {
            string? problem = requested[i] switch
            {
                null => "is null; send an object with title and minutes",
                { Title: null } => "has no title",
                { Minutes: null } => "has no minutes",
                _ => null,
            };
            if (problem is not null)
            {
                return call.Reject(StatusCodes.Status400BadRequest, $"Phase {i + 1} (phases[{i}]) {problem}.");
            }

            phases.Add(new AgendaPhase(requested[i]!.Title!, requested[i]!.Minutes!.Value));
        }

        AgendaPhase[] agenda;
        try
        {
            agenda = FacilitationInput.Agenda(phases);
        }
        catch (FacilitationException ex)
        {
            return call.Reject(StatusCodes.Status422UnprocessableEntity, ex.Message);
        }

        return await call.ChangeAsync(() => facilitation.SetAgendaAsync(room.Id, call.Token, agenda, cancellationToken), TypedResults.Ok);
    }

    private static async Task<IResult> PauseOrResumeAsync(
        FacilitatorCall call, RoomInfo room, IFacilitationService facilitation, bool pause, CancellationToken cancellationToken)
    {
        // The service toggles, so the endpoint checks the state first and a pause request does not resume.
        // NOTE: a facilitator acting in the room page between this read and the toggle can still flip the
        // countdown the other way. The returned view shows the state that resulted.
        FacilitationView? current = await facilitation.GetAsync(room.Id, cancellationToken);
        SessionTimer timer = current?.Timer ?? SessionTimer.Stopped;
        string state = "stopped";
        if (timer.IsRunning)
        {
            state = "running";
        }
        else if (timer.IsPaused)
        {
            state = "paused";
        }

        if (pause ? !timer.IsRunning : !timer.IsPaused)
        {
            return call.Reject(StatusCodes.Status409Conflict, pause
                ? $"The countdown is {state}, so it cannot be paused. Start a phase first, or resume a paused countdown."
                : $"The countdown is {state}, so it cannot be resumed. Only a paused countdown can be resumed.");
        }

        return await call.ChangeAsync(() => facilitation.PauseOrResumeTimerAsync(room.Id, call.Token, cancellationToken), TypedResults.Ok);
    }

    /// <summary>One facilitator request: its token once checked, and the problem responses it may end with.</summary>
    private sealed class FacilitatorCall(HttpRequest request, ILoggerFactory loggerFactory, string rejectedTitle)
    {
        private readonly ILogger _logger = loggerFactory.CreateLogger(typeof(FacilitationEndpoints));

        /// <summary>The facilitator token from the header; set by <see cref="AuthorizeAsync"/>.</summary>
        public string Token { get; private set; } = "";

        /// <summary>Finds the room (404) and checks the facilitator token header (403).</summary>
        public async Task<(RoomInfo? Room, IResult? Error)> AuthorizeAsync(
            string code, IRoomService rooms, IFacilitationService facilitation, string action, CancellationToken cancellationToken)
        {
            RoomInfo? room = await rooms.FindRoomAsync(code, cancellationToken);
            if (room is null)
            {
                return (null, BoardEndpoints.RoomNotFound(code));
            }

            // A repeated header arrives as several values; only a single value can be the token.
            string[] values = [.. request.Headers[FacilitatorToken.HeaderName].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
            if (values.Length == 0)
            {
                FacilitationLog.WrongFacilitatorToken(_logger, room.Id, action);
                return (null, Forbidden(
                    $"The {FacilitatorToken.HeaderName} header is missing. Send the facilitator token, the part after "
                    + $"'#{FacilitatorToken.FragmentName}=' in the facilitator link that POST /api/rooms returned, in that header."));
            }

            if (values.Length > 1 || !await facilitation.IsFacilitatorAsync(room.Id, values[0], cancellationToken))
            {
                FacilitationLog.WrongFacilitatorToken(_logger, room.Id, action);
                FacilitationView? view = await facilitation.GetAsync(room.Id, cancellationToken);
                return (null, Forbidden(view is { HasFacilitator: false }
                    ? "This room has no facilitator token yet. Open the room page and press \"Become facilitator\" to get a facilitator link."
                    : values.Length > 1
                        ? $"The {FacilitatorToken.HeaderName} header was sent {values.Length} times; send it once, with the room's facilitator token."
                        : $"The {FacilitatorToken.HeaderName} header is not this room's facilitator token, so it cannot {action}. "
                            + "Send the token from the facilitator link that POST /api/rooms returned for this room."));
            }

            Token = values[0];
            return (room, null);
        }

        /// <summary>Reads a required JSON body into <typeparamref name="T"/>; a problem names what is wrong and shows <paramref name="example"/>.</summary>
        public async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(string example, CancellationToken cancellationToken)
            where T : class
        {
            if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
            {
                return (null, Reject(StatusCodes.Status400BadRequest, $"The request body is missing. Send JSON such as {example}."));
            }

            if (!request.HasJsonContentType())
            {
                return (null, BoardEndpoints.UnsupportedMediaType(request));
            }

            string? json = request.ContentLength > MaxBodyBytes ? null : await BoardEndpoints.ReadBodyAsync(request, MaxBodyBytes, cancellationToken);
            if (json is null)
            {
                return (null, Reject(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes:N0} bytes."));
            }

            if (string.IsNullOrWhiteSpace(json))
            {
                return (null, Reject(StatusCodes.Status400BadRequest, $"The request body is empty. Send JSON such as {example}."));
            }

            T? body;
            try
            {
                body = JsonSerializer.Deserialize<T>(json, StrictJson);
            }
            catch (JsonException ex)
            {
                return (null, Reject(StatusCodes.Status400BadRequest,
                    $"The body is not valid for this request at {ex.Path ?? "$"}: {Explain(ex)} Send JSON such as {example}."));
            }

            return body is null
                ? (null, Reject(StatusCodes.Status400BadRequest, $"The request body is null. Send JSON such as {example}."))
                : (body, null);
        }

        /// <summary>
        /// Runs a service change and returns <paramref name="ok"/> of its view. A <see cref="FacilitationException"/>
        /// here comes from the room's state, because the token and the values were checked before, so it is a 409.
        /// </summary>
        public async Task<IResult> ChangeAsync(Func<Task<FacilitationView>> change, Func<FacilitationView, IResult> ok)
        {
            try
            {
                return ok(await change());
            }
            catch (FacilitationException ex)
            {
                return Reject(StatusCodes.Status409Conflict, ex.Message);
            }
        }

        /// <summary>Logs the rejection and returns a problem with the call's title.</summary>
        public ProblemHttpResult Reject(int statusCode, string detail)
        {
            ApiLog.FacilitatorRequestRejected(_logger, request.Method, request.Path, statusCode, detail);
            return TypedResults.Problem(statusCode: statusCode, title: rejectedTitle, detail: detail);
        }

        private static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden, title: "The facilitator token is missing or wrong.", detail: detail);

        // System.Text.Json messages for these two cases name .NET types, which mean nothing to an API caller.
        private static string Explain(JsonException ex) => ex.Message switch
        {
            string m when m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => "this property is unknown.",
            string m when m.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) => "the value has the wrong type.",
            string m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "a property appears twice.",
            string m => m,
        };
    }
}
