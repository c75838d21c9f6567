namespace FedWorkbench.Web.Boards;

/// <summary>Reads and writes the board file (<see cref="BoardDocument"/>) as JSON.</summary>
public static class BoardDocumentReader
{
    /// <summary>
    /// Parses and validates a whole board file: format and version, name, unique valid ids, known types, every
    /// property against <see cref="BoardSchema"/>, connectors that point at elements in the file, and at most
    /// <paramref name="maxElements"/> elements. Throws <see cref="BoardException"/> naming the first problem
    /// (with the element id and property where there is one).
    /// </summary>
    public static BoardDocument Read(string json, int maxElements) => throw new NotImplementedException();

    /// <summary>Writes <paramref name="document"/> as indented JSON with camelCase names.</summary>
    public static string Write(BoardDocument document) => throw new NotImplementedException();
}
