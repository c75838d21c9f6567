using System.Globalization;
using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedWorkbench.Web.Tests.HubArguments;

/// <summary>
/// <see cref="HubArgument{T}"/> with the JSON protocol's default serializer options: valid JSON binds as SignalR
/// would bind it, and JSON of the wrong kind raises a <see cref="HubException"/> naming the field, the value
/// received and the value expected.
/// </summary>
public sealed class HubArgumentTests
{
    private static readonly JsonSerializerOptions Options = new JsonHubProtocolOptions().PayloadSerializerOptions;

    private static readonly HubArgument<BoardOperation> Operation = new("operation", new Dictionary<string, string>
    {
        [""] = "an operation with opId, baseVersion and changes",
        ["baseVersion"] = "the board version your change is based on",
        ["changes[].kind"] = "create, set or delete",
    });

    private static readonly HubArgument<JoinBoardRequest> Join = new("request");

    private static readonly HubArgument<int> Delta = new("delta", new Dictionary<string, string> { [""] = "1 or -1" });

    private static readonly HubArgument<double> X = new("x");

    private static readonly HubArgument<string> RunId = new("runId");

    public static TheoryData<string, string> WrongOperations => new()
    {
        {
            """{"opId": "r1", "baseVersion": "latest", "changes": []}""",
            "baseVersion must be a whole number (the board version your change is based on), but it was the string \"latest\"."
        },
        {
            """{"opId": "r1", "baseVersion": 1.5, "changes": []}""",
            "baseVersion must be a whole number (the board version your change is based on), but it was the number 1.5."
        },
        {
            """{"opId": "r1", "baseVersion": 2.0, "changes": []}""",
            "baseVersion must be a whole number written without a decimal point or exponent (the board version your change is based on), but it was the number 2.0."
        },
        {
            """{"opId": "r1", "baseVersion": 99999999999999999999, "changes": []}""",
            "baseVersion must be a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807 (the board version your change is based on), but it was the number 99999999999999999999."
        },
        {
            """{"opId": "r1", "baseVersion": null, "changes": []}""",
            "baseVersion must be a whole number (the board version your change is based on), but it was null."
        },
        {
            """{"opId": "r1", "BaseVersion": false, "changes": []}""",
            "baseVersion must be a whole number (the board version your change is based on), but it was false."
        },
        {
            """{"opId": "r1", "baseVersion": 1, "changes": 5}""",
            "changes must be an array, but it was the number 5."
        },
        {
            """{"opId": 7, "baseVersion": 1, "changes": []}""",
            "opId must be a string, but it was the number 7."
        },
        {
            """[1, 2, 3]""",
            "operation must be an object (an operation with opId, baseVersion and changes), but it was an array."
        },
        {
            """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "delete", "id": "a"}, {"kind": true}]}""",
            "changes[1].kind must be a string (create, set or delete), but it was true."
        },
        {
            """{"opId": "r1", "baseVersion": 1, "changes": [3]}""",
            "changes[0] must be an object, but it was the number 3."
        },
        {
            """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "create", "element": {"id": "a", "type": {"x": 1}, "props": {}}}]}""",
            "changes[0].element.type must be a string, but it was an object."
        },
        {
            """{"opId": "r1", "baseVersion": 1, "changes": [{"kind": "create", "element": {"id": "a", "type": "note", "props": [1]}}]}""",
            "changes[0].element.props must be an object, but it was an array."
        },
    };

    [Theory]
    [MemberData(nameof(WrongOperations))]
    public void WrongKind_MessageNamesField(string json, string expected)
    {
        HubException error = Assert.Throws<HubException>(() => Bind(Operation, json));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ValidOperation_BindsAsProtocol()
    {
        const string json = """{"opId": "r1", "baseVersion": 4, "changes": [{"kind": "set", "id": "n1", "props": {"x": 12.5, "text": "hi"}}]}""";

        BoardOperation? bound = Bind(Operation, json);

        Assert.NotNull(bound);
        Assert.Equal("r1", bound.OpId);
        Assert.Equal(4, bound.BaseVersion);
        BoardChange change = Assert.Single(bound.Changes);
        Assert.Equal(BoardChange.Set, change.Kind);
        Assert.Equal("n1", change.Id);
        Assert.Equal(12.5, change.Props!["x"].GetDouble());
        Assert.Equal("hi", change.Props["text"].GetString());
    }

    [Fact]
    public void NullOperation_BindsToNull()
    {
        Assert.Null(Bind(Operation, "null"));
    }

    [Fact]
    public void BoardIdNotGuid_MessageShowsGuidForm()
    {
        HubException error = Assert.Throws<HubException>(() => Bind(Join, """{"roomCode": "ABC", "boardId": "not-a-guid", "clientToken": "t", "displayName": "n"}"""));

        Assert.Equal("boardId must be a GUID string such as \"0f8fad5b-d9cb-469f-a165-70867728950e\", but it was the string \"not-a-guid\".", error.Message);
    }

    [Theory]
    [InlineData("\"one\"", "delta must be a whole number (1 or -1), but it was the string \"one\".")]
    [InlineData("3000000000", "delta must be a whole number from -2,147,483,648 to 2,147,483,647 (1 or -1), but it was the number 3000000000.")]
    [InlineData("[1]", "delta must be a whole number (1 or -1), but it was an array.")]
    public void WrongDelta_MessageNamesDelta(string json, string expected)
    {
        HubException error = Assert.Throws<HubException>(() => Bind(Delta, json));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("\"left\"", "x must be a number, but it was the string \"left\".")]
    [InlineData("{}", "x must be a number, but it was an object.")]
    public void WrongCoordinate_MessageNamesCoordinate(string json, string expected)
    {
        HubException error = Assert.Throws<HubException>(() => Bind(X, json));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void RangeText_IgnoresCurrentCulture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            // A culture that groups digits with '.', built from the invariant one because tests may run in
            // globalization-invariant mode, where named cultures such as de-DE are unavailable.
            var grouped = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            grouped.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = grouped;

            HubException error = Assert.Throws<HubException>(() => Bind(Delta, "3000000000"));

            Assert.Contains("from -2,147,483,648 to 2,147,483,647", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void ReceivedString_ShortenedAndCleaned()
    {
        string json = JsonSerializer.Serialize(new { opId = "r1", baseVersion = "a\u202eb\nc" + new string('x', 60), changes = Array.Empty<object>() });

        HubException error = Assert.Throws<HubException>(() => Bind(Operation, json));

        Assert.Contains("the string \"a?b?c" + new string('x', 35) + "…\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberForString_MessageNamesArgument()
    {
        HubException error = Assert.Throws<HubException>(() => Bind(RunId, "42"));

        Assert.Equal("runId must be a string, but it was the number 42.", error.Message);
    }

    [Fact]
    public void UndefinedValue_ReportedMissing()
    {
        HubException error = Assert.Throws<HubException>(() => RunId.Bind(default, Options, NullLogger.Instance, "c1", "FollowRun"));

        Assert.Equal("runId is missing. Send a string.", error.Message);
    }

    [Theory]
    [InlineData("$", new object[0])]
    [InlineData("$.changes[12].element.props", new object[] { "changes", 12, "element", "props" })]
    [InlineData("$['odd.key'].x", new object[] { "odd.key", "x" })]
    public void ParsePath_SplitsSegments(string path, object[] expected)
    {
        Assert.Equal(expected, HubArgumentText.ParsePath(path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("changes")]
    [InlineData("$.changes[x]")]
    [InlineData("$['open")]
    public void ParsePath_OtherFormIsNull(string? path)
    {
        Assert.Null(HubArgumentText.ParsePath(path));
    }

    [Fact]
    public void PathNotInJson_GenericMessage()
    {
        string message = Operation.Describe(Parse("""{"opId": "r1"}"""), "$.changes[3]", Options);

        Assert.Equal("operation could not be read at $.changes[3]. Send an object (an operation with opId, baseVersion and changes).", message);
    }

    private static T? Bind<T>(HubArgument<T> argument, string json) =>
        argument.Bind(Parse(json), Options, NullLogger.Instance, "connection-1", "Method");

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
