using System.Text.Json;

namespace FedWorkbench.Web.Boards.Templates;

/// <summary>The six frames of every template, in the order the builder lays them out.</summary>
internal enum TemplateFrame
{
    Requirements,
    Data,
    Training,
    Deployment,
    Monitoring,
    PrivacyAndSecurity,
}

/// <summary>
/// Lays out a template board on a grid: six frames in two rows of three, each with a row of prompt notes along its
/// top and a grid of up to 3 × 2 simulating elements below the notes. Elements never overlap because each takes one
/// cell of its frame, and frames never overlap because each takes one cell of the board.
/// </summary>
/// <remarks>
/// The second row puts Privacy and security under Training, so that connectors from privacy elements to the server
/// stay short.
/// </remarks>
internal sealed class TemplateBuilder
{
    public const double FrameWidth = 780;
    public const double FrameHeight = 560;
    public const double FrameGap = 80;
    public const int MaxNotesPerFrame = 4;

    private const double Padding = 20;
    private const double TitleHeight = 40;
    private const double NoteWidth = 170;
    private const double NoteHeight = 160;
    private const double NoteGap = 13;
    private const double CellWidth = 246;
    private const double CellHeight = 150;

    private static readonly string[] FrameTitles =
        ["Requirements", "Data", "Training", "Deployment", "Monitoring", "Privacy and security"];

    private readonly List<BoardElement> frames = [];
    private readonly List<BoardElement> elements = [];
    private readonly Dictionary<TemplateFrame, int> noteCounts = [];

    /// <summary>Starts a board with the six frames.</summary>
    public TemplateBuilder()
    {
        foreach (TemplateFrame frame in Enum.GetValues<TemplateFrame>())
        {
            (double x, double y) = FrameOrigin(frame);
            frames.Add(Create(BoardElementTypes.Frame, FrameId(frame), x, y, FrameWidth, FrameHeight, FrameTitles[(int)frame], null));
        }
    }

    /// <summary>Adds a prompt note to the next free place in the top row of <paramref name="frame"/>.</summary>
    public TemplateBuilder Note(TemplateFrame frame, string text)
    {
        int index = noteCounts.GetValueOrDefault(frame);
        if (index >= MaxNotesPerFrame)
        {
            throw new InvalidOperationException($"Frame {frame} already has {MaxNotesPerFrame} notes.");
        }

        noteCounts[frame] = index + 1;
        (double x, double y) = FrameOrigin(frame);
        string id = $"note-{FrameId(frame)[6..]}-{index + 1}";
        elements.Add(Create(BoardElementTypes.Note, id, x + Padding + (index * (NoteWidth + NoteGap)), y + TitleHeight, NoteWidth, NoteHeight, text, null));
        return this;
    }

    /// <summary>
    /// Adds a simulating element in cell (<paramref name="column"/>, <paramref name="row"/>) of the element grid of
    /// <paramref name="frame"/>, with the schema's defaults overridden by <paramref name="settings"/>.
    /// </summary>
    public TemplateBuilder Element(TemplateFrame frame, int column, int row, string type, string id, string text, object? settings = null)
    {
        (double x, double y) = FrameOrigin(frame);
        double cellX = x + Padding + (column * CellWidth);
        double cellY = y + TitleHeight + NoteHeight + Padding + (row * CellHeight);
        elements.Add(Create(type, id, cellX, cellY, null, null, text, settings));
        return this;
    }

    /// <summary>Adds a connector from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public TemplateBuilder Connect(string from, string to, string text = "")
    {
        var props = new Dictionary<string, JsonElement>(BoardSchema.DefaultProperties(BoardElementTypes.Connector))
        {
            ["from"] = JsonSerializer.SerializeToElement(from),
            ["to"] = JsonSerializer.SerializeToElement(to),
            ["text"] = JsonSerializer.SerializeToElement(text),
        };
        elements.Add(new BoardElement($"link-{from}-{to}", BoardElementTypes.Connector, props));
        return this;
    }

    /// <summary>Returns the board file: frames first, then the other elements in the order they were added.</summary>
    public BoardDocument Build(string name) =>
        new(BoardDocument.FormatName, BoardDocument.CurrentFormatVersion, name, [.. frames, .. elements]);

    private static string FrameId(TemplateFrame frame) => frame switch
    {
        TemplateFrame.Requirements => "frame-requirements",
        TemplateFrame.Data => "frame-data",
        TemplateFrame.Training => "frame-training",
        TemplateFrame.Deployment => "frame-deployment",
        TemplateFrame.Monitoring => "frame-monitoring",
        _ => "frame-privacy",
    };

    private static (double X, double Y) FrameOrigin(TemplateFrame frame)
    {
        int index = (int)frame;
        return ((index % 3) * (FrameWidth + FrameGap), (index / 3) * (FrameHeight + FrameGap));
    }

    private static BoardElement Create(string type, string id, double x, double y, double? width, double? height, string text, object? settings)
    {
        var props = new Dictionary<string, JsonElement>(BoardSchema.DefaultProperties(type))
        {
            ["x"] = JsonSerializer.SerializeToElement(x),
            ["y"] = JsonSerializer.SerializeToElement(y),
            ["text"] = JsonSerializer.SerializeToElement(text),
        };
        if (width is double w)
        {
            props["w"] = JsonSerializer.SerializeToElement(w);
        }

        if (height is double h)
        {
            props["h"] = JsonSerializer.SerializeToElement(h);
        }

        if (settings is not null)
        {
            foreach (JsonProperty setting in JsonSerializer.SerializeToElement(settings).EnumerateObject())
            {
                if (!props.ContainsKey(setting.Name))
                {
                    throw new InvalidOperationException($"Element type '{type}' has no property '{setting.Name}'.");
                }

                props[setting.Name] = setting.Value.Clone();
            }
        }

        return new BoardElement(id, type, props);
    }
}
