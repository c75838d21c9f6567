using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Boards;

/// <summary>The experiment a board describes, or the problems that keep it from running.</summary>
/// <param name="Config">The validated experiment; null when <paramref name="Problems"/> is not empty.</param>
public sealed record BoardCompilation(ExperimentConfig? Config, IReadOnlyList<BoardProblem> Problems);

/// <summary>Compiles a board's elements into an <see cref="ExperimentConfig"/>; the rules are in docs/board.md.</summary>
public static class BoardCompiler
{
    /// <summary>
    /// Reads the server, client groups, data source, model and privacy elements and their connectors. Returns the
    /// experiment, validated by <see cref="ExperimentValidator"/>, or every problem found, each pointing at the
    /// elements and the property concerned.
    /// </summary>
    /// <param name="boardName">Becomes the experiment's name.</param>
    public static BoardCompilation Compile(string boardName, IReadOnlyList<BoardElement> elements) => throw new NotImplementedException();
}
