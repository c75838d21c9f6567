using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The compiler's problems grouped per element for the properties panel and the highlights.</summary>
public sealed class RoomProblemsTests
{
    private static readonly BoardProblem NoServer = new([], null, "Add a Server element.");
    private static readonly BoardProblem Unconnected = new(["g1"], null, "Connect the client group to the server.");
    private static readonly BoardProblem BadAlpha = new(["g1"], "dirichletAlpha", "Dirichlet α must be positive.");
    private static readonly BoardProblem TwoServers = new(["s1", "s2", "s1"], null, "Keep one server.");

    private static readonly RoomProblems Problems = new([NoServer, Unconnected, BadAlpha, TwoServers]);

    [Fact]
    public void ForElement_KeepsCompilerOrder()
    {
        Assert.Equal([Unconnected, BadAlpha], Problems.ForElement("g1"));
        Assert.Empty(Problems.ForElement("unknown"));
    }

    [Fact]
    public void ForElement_ListsARepeatedIdOnce()
    {
        Assert.Equal([TwoServers], Problems.ForElement("s1"));
        Assert.Equal([TwoServers], Problems.ForElement("s2"));
    }

    [Fact]
    public void ForProperty_SelectsTheField()
    {
        Assert.Equal([BadAlpha], Problems.ForProperty("g1", "dirichletAlpha"));
        Assert.Empty(Problems.ForProperty("g1", "count"));
    }

    [Fact]
    public void ForElementOnly_KeepsProblemsWithoutAField()
    {
        Assert.Equal([Unconnected], Problems.ForElementOnly("g1", ["dirichletAlpha", "count"]));
        Assert.Equal([Unconnected, BadAlpha], Problems.ForElementOnly("g1", ["count"]));
    }

    [Fact]
    public void BoardWide_AreTheProblemsWithoutElements()
    {
        Assert.Equal([NoServer], Problems.BoardWide);
    }

    [Fact]
    public void ElementIds_AreDistinct()
    {
        Assert.Equal(["g1", "s1", "s2"], Problems.ElementIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void None_IsEmpty()
    {
        Assert.Empty(RoomProblems.None.All);
        Assert.Empty(RoomProblems.None.ElementIds);
    }
}
