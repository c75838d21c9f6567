using System.Globalization;

namespace RoomLoad;

/// <summary>Command-line settings of the room load test.</summary>
internal sealed record LoadOptions(
    Uri Url,
    int Participants,
    int Seconds,
    int Rounds,
    bool Votes,
    string? StateFile,
    bool Verify)
{
    public const string Usage =
        "Usage: RoomLoad --url http://127.0.0.1:PORT [--participants 50] [--seconds 60] [--rounds 1000] [--no-votes] [--state-file FILE]\n" +
        "       RoomLoad --url http://127.0.0.1:PORT --verify --state-file FILE";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--no-votes" or "--verify")
            {
                flags.Add(name[2..]);
            }
            else if (name is "--url" or "--participants" or "--seconds" or "--rounds" or "--state-file" && i + 1 < args.Length)
            {
                values[name[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{name}'.\n{Usage}");
            }
        }

        var url = new Uri(values.GetValueOrDefault("url") ?? throw new ArgumentException($"--url is missing.\n{Usage}"));
        if (!url.IsLoopback)
        {
            throw new ArgumentException($"--url {url} is not a loopback address; run the app on 127.0.0.1, localhost or [::1].");
        }

        var options = new LoadOptions(
            url,
            Positive(values, "participants", 50),
            Positive(values, "seconds", 60),
            Positive(values, "rounds", 1_000),
            !flags.Contains("no-votes"),
            values.GetValueOrDefault("state-file"),
            flags.Contains("verify"));
        if (options.Verify && options.StateFile is null)
        {
            throw new ArgumentException($"--verify needs --state-file, the file the load run wrote.\n{Usage}");
        }

        return options;
    }

    private static int Positive(Dictionary<string, string> values, string name, int fallback)
    {
        if (!values.TryGetValue(name, out string? text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} is '{text}'; use a whole number of at least 1.");
    }
}
