using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.Data.Sqlite;

namespace FedWorkbench.Web;

/// <summary>
/// Checks the settings, the data folder and the database file before the host starts, and describes the first
/// problem in one sentence that names the setting or file and what to do. Without it, these mistakes surface
/// as unhandled exceptions with stack traces from deep inside the host.
/// </summary>
internal static class StartupCheck
{
    private static readonly (string Section, Type Type)[] OptionSections =
    [
        (StorageOptions.SectionName, typeof(StorageOptions)),
        (RunOptions.SectionName, typeof(RunOptions)),
        (RunHubOptions.SectionName, typeof(RunHubOptions)),
        (DatasetOptions.SectionName, typeof(DatasetOptions)),
        (Tables.TableOptions.SectionName, typeof(Tables.TableOptions)),
        (Operations.OperationsOptions.SectionName, typeof(Operations.OperationsOptions)),
        (Security.RateLimitOptions.SectionName, typeof(Security.RateLimitOptions)),
        (Security.SecurityOptions.SectionName, typeof(Security.SecurityOptions)),
        (Security.RetentionOptions.SectionName, typeof(Security.RetentionOptions)),
    ];

    /// <summary>
    /// Returns a message for the first problem found, or null when the app can start. Creates the data folder
    /// when it is missing, as the database initializer would. Logs the underlying exception at Debug.
    /// </summary>
    public static string? FindProblem(IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);

        foreach ((string section, Type type) in OptionSections)
        {
            if (FindOptionsProblem(configuration.GetSection(section), type) is { } problem)
            {
                return problem;
            }
        }

        StorageOptions storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        return FindAddressProblem(configuration) ?? FindKernelProblem() ?? FindDataFolderProblem(storage, logger) ?? FindDatabaseProblem(storage, logger);
    }

    /// <summary>
    /// Checks the listening addresses (<c>--urls</c> or <c>ASPNETCORE_URLS</c>, and <c>ASPNETCORE_HTTP_PORTS</c> or
    /// <c>ASPNETCORE_HTTPS_PORTS</c>). Kestrel skipped an address whose port was not a number and listened on port 80
    /// of every interface instead, which would put an app without sign-in on the network.
    /// </summary>
    internal static string? FindAddressProblem(IConfiguration configuration)
    {
        foreach (string url in Entries(configuration["urls"]))
        {
            if (!IsListenAddress(url))
            {
                return $"The listening address '{url}' (--urls or ASPNETCORE_URLS) is invalid. Give addresses such as http://127.0.0.1:5080, separated by semicolons.";
            }
        }

        foreach (string key in new[] { "http_ports", "https_ports" })
        {
            foreach (string port in Entries(configuration[key]))
            {
                if (!IsPort(port))
                {
                    return $"The port '{port}' in ASPNETCORE_{key.ToUpperInvariant()} is invalid. Give port numbers from 0 to 65535, separated by semicolons.";
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Entries(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Kestrel's forms: http or https, a host name, an IP address (IPv6 in brackets) or the wildcards * and +, and
    // an optional port. Wildcards are not valid URI hosts, so they are replaced before parsing.
    private static bool IsListenAddress(string url)
    {
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return false;
        }

        string scheme = url[..schemeEnd];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string rest = url[(schemeEnd + 3)..];
        if (rest.StartsWith('*') || rest.StartsWith('+'))
        {
            rest = "localhost" + rest[1..];
        }

        // Uri rejects a port that is not a number from 0 to 65535.
        return Uri.TryCreate($"{scheme}://{rest}", UriKind.Absolute, out Uri? uri) && !string.IsNullOrEmpty(uri.Host);
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535;

    // FEDWB_KERNELS set to an unknown path, or to one this CPU cannot run, would otherwise fail the first run.
    private static string? FindKernelProblem()
    {
        try
        {
            _ = KernelSelection.Name;
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    // Checks each value the way the configuration binder converts it, then the data annotations.
    private static string? FindOptionsProblem(IConfigurationSection section, Type optionsType)
    {
        foreach (PropertyInfo property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite)
            {
                continue;
            }

            // The binder ignores indexed entries (Name:0, Name__0) for a string option and would keep the default.
            if (property.PropertyType == typeof(string) && section.GetSection(property.Name).GetChildren().Any())
            {
                string listKey = $"{section.Path}:{property.Name}";
                return $"{listKey} is set as a list of entries ({listKey}:0 and so on), which it does not read; "
                    + "set it to one value instead; a list option takes its entries separated by semicolons, such as 10.0.0.2;10.0.0.3.";
            }

            if (section[property.Name] is not { } value)
            {
                continue;
            }

            try
            {
                TypeDescriptor.GetConverter(property.PropertyType).ConvertFromInvariantString(value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
            {
                string key = $"{section.Path}:{property.Name}";
                string expected = property.PropertyType == typeof(int) ? "a whole number" : $"a {property.PropertyType.Name} value";
                string range = property.GetCustomAttribute<RangeAttribute>() is { } attribute
                    ? $" between {attribute.Minimum} and {attribute.Maximum}"
                    : string.Empty;
                return $"{key} (environment variable {key.Replace(":", "__", StringComparison.Ordinal)}) is '{value}', "
                    + $"which is not {expected}; set it to {expected}{range}.";
            }
        }

        object options = section.Get(optionsType) ?? Activator.CreateInstance(optionsType)!;
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return string.Join(" ", results.Select(r => r.ErrorMessage));
        }

        return null;
    }

    private static string? FindDataFolderProblem(StorageOptions storage, ILogger logger)
    {
        string folder = Path.GetFullPath(storage.DataFolder);
        if (File.Exists(folder))
        {
            return $"The data folder {folder} is a file; set {StorageOptions.SectionName}:{nameof(StorageOptions.DataFolder)} to a folder.";
        }

        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug(ex, "Creating the data folder {DataFolder} failed", folder);
            return $"The data folder {folder} could not be created ({ex.Message}); "
                + $"set {StorageOptions.SectionName}:{nameof(StorageOptions.DataFolder)} to a folder the app can write to.";
        }
    }

    private static string? FindDatabaseProblem(StorageOptions storage, ILogger logger)
    {
        string database = storage.DatabasePath;
        string moveAway = $"Move it away or set {StorageOptions.SectionName}:{nameof(StorageOptions.DataFolder)} to another folder.";
        if (Directory.Exists(database))
        {
            return $"The database {database} is a folder, not a file. {moveAway}";
        }

        if (!File.Exists(database))
        {
            return null;
        }

        // Reading the schema version makes SQLite read the header, which is where a foreign file fails.
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = storage.CommandTimeoutSeconds,
        };
        try
        {
            using var connection = new SqliteConnection(connectionString.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA schema_version;";
            command.ExecuteScalar();
            return null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT)
        {
            logger.LogDebug(ex, "Reading the database {DatabasePath} failed", database);
            return ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_NOTADB
                ? $"The database {database} is not a SQLite database (file is not a database). {moveAway}"
                : $"The database {database} is damaged (database disk image is malformed). {moveAway}";
        }
        catch (SqliteException ex)
        {
            // Other errors, such as a lock held by another process, are left to the normal start-up path.
            logger.LogDebug(ex, "The start-up check could not read the database {DatabasePath}", database);
            return null;
        }
    }
}
