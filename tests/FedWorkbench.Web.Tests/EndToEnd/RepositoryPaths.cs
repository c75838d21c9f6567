using System.Reflection;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>Locations in the source tree that the browser tests need.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder containing FedWorkbench.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The web project's folder, used as the app's content root.</summary>
    public static string WebProject => Path.Combine(Root, "src", "FedWorkbench.Web");

    /// <summary>
    /// The web app's build output, from the same configuration as this test assembly. The project reference
    /// makes <c>dotnet test</c> build it first.
    /// </summary>
    public static string WebAppDll
    {
        get
        {
            string configuration = typeof(RepositoryPaths).Assembly
                .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(WebProject, "bin", configuration, "net10.0", "FedWorkbench.Web.dll");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FedWorkbench.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"FedWorkbench.sln was not found above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
