using System.Security.Cryptography;
using System.Text;

namespace FedWorkbench.Web.Boards;

/// <summary>
/// Who is in each room now, kept in server memory. A participant is identified by their client token, so a person
/// with several tabs appears once; each gets the first colour of <see cref="Palette"/> that no other participant in the room has.
/// Thread-safe.
/// </summary>
public sealed class RoomPresence
{
    /// <summary>The participant colours, in the order they are handed out.</summary>
    public static readonly IReadOnlyList<string> Palette =
    [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0",
        "#f032e6", "#808000", "#9a6324", "#800000", "#000075", "#5a5a5a",
    ];

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Dictionary<string, Member>> _rooms = [];
    private readonly Dictionary<string, (Guid RoomId, string ParticipantId)> _connections = [];

    /// <summary>
    /// Returns the public participant id of a client token: "p" and the first 32 hexadecimal digits (128 bits) of
    /// the token's SHA-256, so the token itself is never shown to others.
    /// </summary>
    /// <remarks>
    /// Undo, redo and the conflict rule trust this id, and it is public (presence, cursors, applied operations).
    /// Anyone who found another token with the same id could undo that person's edits, so the prefix must make a
    /// second preimage infeasible: 128 bits do, where the former 48 bits were within reach of a GPU.
    /// </remarks>
    public static string ParticipantId(string clientToken)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(clientToken));
        return "p" + Convert.ToHexStringLower(hash)[..ParticipantIdHexDigits];
    }

    /// <summary>Hexadecimal digits of the token's SHA-256 in a participant id (128 bits).</summary>
    public const int ParticipantIdHexDigits = 32;

    /// <summary>
    /// Adds the connection to the room as the participant with <paramref name="participantId"/>, or updates their
    /// name and board. Returns null when the room already has <paramref name="maxParticipants"/> other participants.
    /// </summary>
    public PresenceUpdate? Join(Guid roomId, string connectionId, string participantId, string name, Guid boardId, int maxParticipants)
    {
        lock (_lock)
        {
            if (!_rooms.TryGetValue(roomId, out Dictionary<string, Member>? members))
            {
                members = [];
                _rooms[roomId] = members;
            }

            if (!members.TryGetValue(participantId, out Member? member))
            {
                if (members.Count >= maxParticipants)
                {
                    if (members.Count == 0)
                    {
                        _rooms.Remove(roomId);
                    }

                    return null;
                }

                member = new Member(participantId, FirstFreeColor(members.Values));
                members[participantId] = member;
            }

            member.Name = name;
            member.Connections[connectionId] = boardId;
            member.LastBoardId = boardId;
            _connections[connectionId] = (roomId, participantId);
            return new PresenceUpdate(roomId, member.ToParticipant(), Snapshot(members));
        }
    }

    /// <summary>
    /// Removes the connection from its room. Returns the room's participants afterwards, or null when the
    /// connection was in no room.
    /// </summary>
    public PresenceUpdate? Leave(string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connectionId, out (Guid RoomId, string ParticipantId) entry)
                || !_rooms.TryGetValue(entry.RoomId, out Dictionary<string, Member>? members)
                || !members.TryGetValue(entry.ParticipantId, out Member? member))
            {
                return null;
            }

            member.Connections.Remove(connectionId);
            Participant self = member.ToParticipant();
            if (member.Connections.Count == 0)
            {
                members.Remove(entry.ParticipantId);
            }
            else
            {
                member.LastBoardId = member.Connections.Values.Last();
            }

            if (members.Count == 0)
            {
                _rooms.Remove(entry.RoomId);
            }

            return new PresenceUpdate(entry.RoomId, self, Snapshot(members));
        }
    }

    /// <summary>Returns the participants in the room now, in joining order.</summary>
    public IReadOnlyList<Participant> List(Guid roomId)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(roomId, out Dictionary<string, Member>? members) ? Snapshot(members) : [];
        }
    }

    /// <summary>
    /// Number of participants in all rooms now. A person counts once per room however many tabs they have open,
    /// and once in each room they are in. The metrics read it on each scrape.
    /// </summary>
    public int ParticipantCount
    {
        get
        {
            lock (_lock)
            {
                return _rooms.Values.Sum(members => members.Count);
            }
        }
    }

    private static string FirstFreeColor(IEnumerable<Member> members)
    {
        var used = members.Select(m => m.Color).ToHashSet(StringComparer.Ordinal);
        string? free = Palette.FirstOrDefault(c => !used.Contains(c));

        // More participants than colours: colours repeat in palette order.
        return free ?? Palette[used.Count % Palette.Count];
    }

    private static Participant[] Snapshot(Dictionary<string, Member> members) =>
        members.Values.Select(m => m.ToParticipant()).ToArray();

    private sealed class Member(string id, string color)
    {
        public string Id { get; } = id;

        public string Color { get; } = color;

        public string Name { get; set; } = "";

        public Guid? LastBoardId { get; set; }

        // Connection id → the board that connection has open.
        public Dictionary<string, Guid> Connections { get; } = [];

        public Participant ToParticipant() => new(Id, Name, Color, LastBoardId);
    }
}

/// <summary>A room's participants after one participant joined or left.</summary>
/// <param name="Self">The participant who joined or left.</param>
/// <param name="Participants">Everyone in the room afterwards.</param>
public sealed record PresenceUpdate(Guid RoomId, Participant Self, IReadOnlyList<Participant> Participants);
