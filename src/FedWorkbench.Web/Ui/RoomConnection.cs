using System.Globalization;

namespace FedWorkbench.Web.Ui;

/// <summary>The state of the board's hub connection as the board module reports it, with the words the chip shows.</summary>
/// <param name="State">One of <see cref="Connecting"/>, <see cref="Connected"/>, <see cref="Reconnecting"/> or <see cref="Offline"/>.</param>
/// <param name="PendingCount">Own edits that the server has not acknowledged yet.</param>
public sealed record RoomConnection(string State, int PendingCount)
{
    /// <summary>The module is opening its connection.</summary>
    public const string Connecting = "connecting";

    /// <summary>Edits reach the server.</summary>
    public const string Connected = "connected";

    /// <summary>The connection dropped and the module is trying again.</summary>
    public const string Reconnecting = "reconnecting";

    /// <summary>The module stopped reconnecting for now, so edits wait in the browser.</summary>
    public const string Offline = "offline";

    /// <summary>The state before the board reports one.</summary>
    public static RoomConnection Initial { get; } = new(Connecting, 0);

    /// <summary>The chip's text, for example "Reconnecting · 3 pending".</summary>
    public string Label
    {
        get
        {
            string state = State switch
            {
                Connected => "Connected",
                Reconnecting => "Reconnecting",
                Offline => "Offline",
                _ => "Connecting",
            };
            return PendingCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{state} · {PendingCount} pending") : state;
        }
    }

    /// <summary>The chip's tooltip, which explains what happens to the edits.</summary>
    public string Help => State switch
    {
        Connected when PendingCount > 0 => "Connected; your latest edits are on their way to the server.",
        Connected => "Connected; your edits reach the others at once.",
        Offline or Reconnecting => "The board stays usable. Your edits are kept in this browser and sent when the connection is back.",
        _ => "Opening the connection to the board.",
    };
}
