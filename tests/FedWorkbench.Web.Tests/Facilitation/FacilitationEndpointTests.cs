using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedWorkbench.Web.Facilitation;
using Microsoft.AspNetCore.Mvc;

namespace FedWorkbench.Web.Tests.Facilitation;

/// <summary>The facilitator HTTP endpoints: votes, countdown and agenda, with the token in the header.</summary>
public sealed class FacilitationEndpointTests
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    [Fact]
    public async Task Votes_StartAndEndReturnResults()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "Data stays on site"), ("b", "Weekly rounds"));
        Guid roomId = host.Room.RoomId;

        using HttpResponseMessage started = await SendAsync(host, HttpMethod.Post, "votes", new { boardId = host.Room.BoardId, votesPerPerson = 2 });
        VoteRoundView? open = await started.Content.ReadFromJsonAsync<VoteRoundView>(Json);
        await host.Service.CastVoteAsync(roomId, "ada", "a", 1);
        await host.Service.CastVoteAsync(roomId, "ada", "a", 1);
        await host.Service.CastVoteAsync(roomId, "bo", "b", 1);
        using HttpResponseMessage ended = await SendAsync(host, HttpMethod.Post, "votes/end", body: null);
        VoteRoundView? closed = await ended.Content.ReadFromJsonAsync<VoteRoundView>(Json);
        using HttpResponseMessage again = await SendAsync(host, HttpMethod.Post, "votes/end", body: null);

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.NotNull(open);
        Assert.True(open.IsOpen);
        Assert.Equal(2, open.VotesPerPerson);
        Assert.Equal(host.Room.BoardId, open.BoardId);
        Assert.Null(open.Results);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.NotNull(closed);
        Assert.Equal(open.Id, closed.Id);
        Assert.False(closed.IsOpen);
        Assert.Equal(2, closed.Voters);
        Assert.Equal([new VoteTally("a", 2), new VoteTally("b", 1)], closed.Results);
        ProblemDetails problem = await ProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("No voting round is open", problem.Detail);
    }

    [Fact]
    public async Task Votes_DefaultThreePerPerson()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using HttpResponseMessage started = await SendAsync(host, HttpMethod.Post, "votes", new { boardId = host.Room.BoardId });
        VoteRoundView? round = await started.Content.ReadFromJsonAsync<VoteRoundView>(Json);

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(3, round?.VotesPerPerson);
    }

    [Theory]
    [InlineData(null, "header is missing")]
    [InlineData("", "header is missing")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "is not this room's facilitator token")]
    [InlineData("not a token", "is not this room's facilitator token")]
    public async Task Votes_WrongOrMissingTokenForbidden(string? token, string expected)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        string before = await StateAsync(host);

        using HttpResponseMessage response = await SendAsync(host, HttpMethod.Post, "votes", new { boardId = host.Room.BoardId }, token);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(expected, problem.Detail);
        Assert.Contains(FacilitatorToken.HeaderName, problem.Detail);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal(before, await StateAsync(host));
    }

    [Fact]
    public async Task Token_InQueryStringNotAccepted()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{host.Room.Code}/votes?token={host.Token}&{FacilitatorToken.FragmentName}={host.Token}")
        {
            Content = JsonContent.Create(new { boardId = host.Room.BoardId }),
        };
        using HttpResponseMessage response = await host.Http.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Null((await host.Service.GetAsync(host.Room.RoomId))!.Vote);
    }

    [Fact]
    public async Task Token_SentTwiceForbidden()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{host.Room.Code}/votes/end");
        request.Headers.Add(FacilitatorToken.HeaderName, [host.Token, host.Token]);
        using HttpResponseMessage response = await host.Http.SendAsync(request);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("sent 2 times", problem.Detail);
    }

    [Theory]
    [InlineData("votes")]
    [InlineData("votes/end")]
    [InlineData("timer")]
    [InlineData("agenda")]
    public async Task UnknownRoom_NotFound(string path)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using var request = new HttpRequestMessage(path == "agenda" ? HttpMethod.Put : HttpMethod.Post, $"/api/rooms/nosuchroom0000000000/{path}")
        {
            Content = JsonContent.Create(new { action = "stop" }),
        };
        request.Headers.Add(FacilitatorToken.HeaderName, host.Token);
        using HttpResponseMessage response = await host.Http.SendAsync(request);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("nosuchroom0000000000", problem.Detail);
    }

    [Theory]
    [InlineData("{", HttpStatusCode.BadRequest, "not valid for this request")]
    [InlineData("null", HttpStatusCode.BadRequest, "body is null")]
    [InlineData("[]", HttpStatusCode.BadRequest, "not valid for this request")]
    [InlineData("{}", HttpStatusCode.BadRequest, "boardId is missing")]
    [InlineData("""{ "boardId": 42 }""", HttpStatusCode.BadRequest, "$.boardId: the value has the wrong type")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": "3" }""", HttpStatusCode.BadRequest, "$.votesPerPerson: the value has the wrong type")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": 2.5 }""", HttpStatusCode.BadRequest, "$.votesPerPerson: the value has the wrong type")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": 99999999999 }""", HttpStatusCode.BadRequest, "$.votesPerPerson: the value has the wrong type")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPersn": 5 }""", HttpStatusCode.BadRequest, "this property is unknown")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": 2, "votesPerPerson": 5 }""", HttpStatusCode.BadRequest, "appears twice")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": 0 }""", HttpStatusCode.UnprocessableEntity, "0 votes per person is out of range; use 1 to 20")]
    [InlineData("""{ "boardId": "BOARD", "votesPerPerson": 21 }""", HttpStatusCode.UnprocessableEntity, "21 votes per person is out of range; use 1 to 20")]
    [InlineData("""{ "boardId": "00000000-0000-0000-0000-000000000001" }""", HttpStatusCode.UnprocessableEntity, "has no board with the id 00000000-0000-0000-0000-000000000001")]
    public async Task Votes_BadBodyRejectedNothingStored(string body, HttpStatusCode status, string expected)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        string before = await StateAsync(host);

        using HttpResponseMessage response = await SendRawAsync(host, HttpMethod.Post, "votes", body.Replace("BOARD", host.Room.BoardId.ToString(), StringComparison.Ordinal));

        ProblemDetails problem = await ProblemAsync(response, status);
        Assert.Contains(expected, problem.Detail);
        Assert.DoesNotContain("System.", problem.Detail);
        Assert.Equal(before, await StateAsync(host));
    }

    [Fact]
    public async Task Votes_BodyTransportProblems()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        string before = await StateAsync(host);

        using HttpResponseMessage empty = await SendRawAsync(host, HttpMethod.Post, "votes", "");
        using HttpResponseMessage text = await SendRawAsync(host, HttpMethod.Post, "votes", $$"""{ "boardId": "{{host.Room.BoardId}}" }""", "text/plain");
        using HttpResponseMessage large = await SendRawAsync(host, HttpMethod.Post, "votes", $$"""{ "boardId": "{{host.Room.BoardId}}", "x": "{{new string('x', 20_000)}}" }""");

        Assert.Contains("body is missing", (await ProblemAsync(empty, HttpStatusCode.BadRequest)).Detail);
        Assert.Contains("Content-Type", (await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType)).Detail);
        Assert.Contains("larger than 16,384 bytes", (await ProblemAsync(large, HttpStatusCode.RequestEntityTooLarge)).Detail);
        Assert.Equal(before, await StateAsync(host));
    }

    [Fact]
    public async Task Timer_ActionsChangeCountdown()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        using HttpResponseMessage agenda = await SendAsync(host, HttpMethod.Put, "agenda",
            new { phases = new[] { new { title = " Theory ", minutes = 30 }, new { title = "Design", minutes = 90 } } });

        FacilitationView started = await TimerAsync(host, new { action = "start", phaseIndex = 1 });
        FacilitationView paused = await TimerAsync(host, new { action = "pause" });
        using HttpResponseMessage pausedAgain = await SendAsync(host, HttpMethod.Post, "timer", new { action = "pause" });
        FacilitationView added = await TimerAsync(host, new { action = "add", minutes = 5 });
        FacilitationView resumed = await TimerAsync(host, new { action = "resume" });
        using HttpResponseMessage resumedAgain = await SendAsync(host, HttpMethod.Post, "timer", new { action = "resume" });
        FacilitationView stopped = await TimerAsync(host, new { action = "stop" });

        Assert.Equal(HttpStatusCode.OK, agenda.StatusCode);
        Assert.Equal([new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)], started.Agenda);
        Assert.Equal(1, started.Timer.PhaseIndex);
        Assert.True(started.Timer.IsRunning);
        Assert.True(paused.Timer.IsPaused);
        Assert.False(paused.Timer.IsRunning);
        Assert.Contains("The countdown is paused, so it cannot be paused", (await ProblemAsync(pausedAgain, HttpStatusCode.Conflict)).Detail);

        // Adding to a paused countdown adds exactly 5 × 60 s to the time left.
        Assert.Equal(paused.Timer.PausedRemainingSeconds!.Value + 5 * 60, added.Timer.PausedRemainingSeconds!.Value, precision: 3);
        Assert.True(resumed.Timer.IsRunning);
        Assert.Contains("The countdown is running, so it cannot be resumed", (await ProblemAsync(resumedAgain, HttpStatusCode.Conflict)).Detail);
        Assert.Equal(SessionTimer.Stopped, stopped.Timer);
    }

    [Theory]
    [InlineData("""{ "phaseIndex": 0 }""", HttpStatusCode.BadRequest, "action is missing")]
    [InlineData("""{ "action": "restart" }""", HttpStatusCode.BadRequest, "action 'restart' is unknown; use start, pause, resume, add or stop")]
    [InlineData("""{ "action": "START", "phaseIndex": 0 }""", HttpStatusCode.BadRequest, "action 'START' is unknown")]
    [InlineData("""{ "action": 1 }""", HttpStatusCode.BadRequest, "$.action: the value has the wrong type")]
    [InlineData("""{ "action": "start" }""", HttpStatusCode.BadRequest, "phaseIndex is missing")]
    [InlineData("""{ "action": "start", "phaseIndex": "0" }""", HttpStatusCode.BadRequest, "$.phaseIndex: the value has the wrong type")]
    [InlineData("""{ "action": "start", "phaseIndex": 0, "minutes": 10 }""", HttpStatusCode.BadRequest, "minutes applies only to action add")]
    [InlineData("""{ "action": "stop", "phaseIndex": 0 }""", HttpStatusCode.BadRequest, "phaseIndex applies only to action start")]
    [InlineData("""{ "action": "start", "phaseIndex": -1 }""", HttpStatusCode.UnprocessableEntity, "phaseIndex -1 is negative")]
    [InlineData("""{ "action": "start", "phaseIndex": 2 }""", HttpStatusCode.Conflict, "Phase index 2 does not exist: the agenda has 2 phases")]
    [InlineData("""{ "action": "add" }""", HttpStatusCode.BadRequest, "minutes is missing")]
    [InlineData("""{ "action": "add", "minutes": 0 }""", HttpStatusCode.UnprocessableEntity, "0 minutes cannot be added to the countdown; add 1 to 60 minutes")]
    [InlineData("""{ "action": "add", "minutes": 61 }""", HttpStatusCode.UnprocessableEntity, "61 minutes cannot be added")]
    [InlineData("""{ "action": "add", "minutes": 5 }""", HttpStatusCode.Conflict, "No countdown is running or paused")]
    [InlineData("""{ "action": "pause" }""", HttpStatusCode.Conflict, "The countdown is stopped, so it cannot be paused")]
    [InlineData("""{ "action": "resume" }""", HttpStatusCode.Conflict, "The countdown is stopped, so it cannot be resumed")]
    public async Task Timer_BadRequestRejectedNothingStored(string body, HttpStatusCode status, string expected)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new AgendaPhase("Theory", 30), new AgendaPhase("Design", 90)]);
        string before = await StateAsync(host);

        using HttpResponseMessage response = await SendRawAsync(host, HttpMethod.Post, "timer", body);

        ProblemDetails problem = await ProblemAsync(response, status);
        Assert.Contains(expected, problem.Detail);
        Assert.Equal(before, await StateAsync(host));
    }

    [Theory]
    [InlineData("""{ }""", HttpStatusCode.BadRequest, "phases is missing")]
    [InlineData("""{ "phases": null }""", HttpStatusCode.BadRequest, "phases is missing")]
    [InlineData("""{ "phases": "Theory" }""", HttpStatusCode.BadRequest, "$.phases: the value has the wrong type")]
    [InlineData("""{ "phases": [null] }""", HttpStatusCode.BadRequest, "Phase 1 (phases[0]) is null")]
    [InlineData("""{ "phases": [{ "minutes": 30 }] }""", HttpStatusCode.BadRequest, "Phase 1 (phases[0]) has no title")]
    [InlineData("""{ "phases": [{ "title": "A", "minutes": 5 }, { "title": "B" }] }""", HttpStatusCode.BadRequest, "Phase 2 (phases[1]) has no minutes")]
    [InlineData("""{ "phases": [{ "title": "A", "minutes": "30" }] }""", HttpStatusCode.BadRequest, "the value has the wrong type")]
    [InlineData("""{ "phases": [{ "title": "A", "minutes": 30, "color": "red" }] }""", HttpStatusCode.BadRequest, "this property is unknown")]
    [InlineData("""{ "phases": [{ "title": "A", "minutes": 0 }] }""", HttpStatusCode.UnprocessableEntity, "Phase 1 (\"A\") lasts 0 minutes; use 1 to 480")]
    [InlineData("""{ "phases": [{ "title": "A", "minutes": 481 }] }""", HttpStatusCode.UnprocessableEntity, "lasts 481 minutes")]
    [InlineData("""{ "phases": [{ "title": "   ", "minutes": 5 }] }""", HttpStatusCode.UnprocessableEntity, "The title of phase 1 has 0 characters; use 1 to 80")]
    [InlineData("""{ "phases": [{ "title": "A\u200Bb", "minutes": 5 }] }""", HttpStatusCode.UnprocessableEntity, "invisible character U+200B")]
    public async Task Agenda_BadRequestRejectedNothingStored(string body, HttpStatusCode status, string expected)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new AgendaPhase("Theory", 30)]);
        string before = await StateAsync(host);

        using HttpResponseMessage response = await SendRawAsync(host, HttpMethod.Put, "agenda", body);

        ProblemDetails problem = await ProblemAsync(response, status);
        Assert.Contains(expected, problem.Detail);
        Assert.Equal(before, await StateAsync(host));
    }

    [Fact]
    public async Task Agenda_LimitsRejectedNothingStored()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        string before = await StateAsync(host);
        int tooMany = FacilitationLimits.MaxPhases + 1;
        int tooLong = FacilitationLimits.MaxPhaseTitleLength + 1;

        using HttpResponseMessage many = await SendAsync(host, HttpMethod.Put, "agenda",
            new { phases = Enumerable.Range(1, tooMany).Select(i => new { title = $"Phase {i}", minutes = 5 }) });
        using HttpResponseMessage longTitle = await SendAsync(host, HttpMethod.Put, "agenda",
            new { phases = new[] { new { title = new string('t', tooLong), minutes = 5 } } });

        Assert.Contains($"The agenda has {tooMany} phases; use at most {FacilitationLimits.MaxPhases}", (await ProblemAsync(many, HttpStatusCode.UnprocessableEntity)).Detail);
        Assert.Contains($"has {tooLong} characters", (await ProblemAsync(longTitle, HttpStatusCode.UnprocessableEntity)).Detail);
        Assert.Equal(before, await StateAsync(host));
    }

    [Fact]
    public async Task Agenda_EmptyListClears()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.Service.SetAgendaAsync(host.Room.RoomId, host.Token, [new AgendaPhase("Theory", 30)]);
        await host.Service.StartTimerAsync(host.Room.RoomId, host.Token, 0);

        using HttpResponseMessage response = await SendAsync(host, HttpMethod.Put, "agenda", new { phases = Array.Empty<object>() });
        FacilitationView? view = await response.Content.ReadFromJsonAsync<FacilitationView>(Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(view!.Agenda);
        Assert.Equal(SessionTimer.Stopped, view.Timer);
    }

    [Theory]
    [InlineData("GET", "votes", "POST")]
    [InlineData("DELETE", "votes/end", "POST")]
    [InlineData("GET", "timer", "POST")]
    [InlineData("POST", "agenda", "PUT")]
    public async Task OtherMethod_NotAllowed(string method, string path, string allowed)
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using HttpResponseMessage response = await SendAsync(host, new HttpMethod(method), path, body: null);

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task CrossSiteRequest_Forbidden()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{host.Room.Code}/votes")
        {
            Content = JsonContent.Create(new { boardId = host.Room.BoardId }),
        };
        request.Headers.Add(FacilitatorToken.HeaderName, host.Token);
        request.Headers.Add("Origin", "https://elsewhere.example");
        using HttpResponseMessage response = await host.Http.SendAsync(request);

        ProblemDetails problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Requests from other sites are not accepted.", problem.Title);
        Assert.Null((await host.Service.GetAsync(host.Room.RoomId))!.Vote);
    }

    private static async Task<FacilitationView> TimerAsync(FacilitationHost host, object body)
    {
        using HttpResponseMessage response = await SendAsync(host, HttpMethod.Post, "timer", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<FacilitationView>(Json))!;
    }

    private static Task<HttpResponseMessage> SendAsync(FacilitationHost host, HttpMethod method, string path, object? body, string? token = "use host")
    {
        var request = new HttpRequestMessage(method, $"/api/rooms/{host.Room.Code}/{path}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        AddToken(request, token == "use host" ? host.Token : token);
        return host.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendRawAsync(FacilitationHost host, HttpMethod method, string path, string body, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method, $"/api/rooms/{host.Room.Code}/{path}")
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        AddToken(request, host.Token);
        return host.Http.SendAsync(request);
    }

    private static void AddToken(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(FacilitatorToken.HeaderName, token);
        }
    }

    /// <summary>Returns the room's facilitation state as stored, without the server time, as JSON.</summary>
    private static async Task<string> StateAsync(FacilitationHost host)
    {
        JsonObject state = (await host.Http.GetFromJsonAsync<JsonObject>($"/api/rooms/{host.Room.Code}/facilitation"))!;
        state.Remove("serverTime");
        return state.ToJsonString();
    }

    private static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        ProblemDetails? problem = JsonSerializer.Deserialize<ProblemDetails>(body, Json);
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        return problem;
    }
}
