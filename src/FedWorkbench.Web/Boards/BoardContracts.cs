using System.Text.Json;

namespace FedWorkbench.Web.Boards;

/// <summary>One element on a board: its id, its type (see <see cref="BoardElementTypes"/>) and its properties.</summary>
/// <param name="Id">Id chosen by the browser that created it: 1 to 64 characters from A–Z, a–z, 0–9, '-' and '_'.</param>
/// <param name="Type">Element type, for example <c>client-group</c>.</param>
/// <param name="Props">Property values by name, as <see cref="BoardSchema"/> defines them for the type.</param>
public sealed record BoardElement(string Id, string Type, IReadOnlyDictionary<string, JsonElement> Props);

/// <summary>
/// One change inside a <see cref="BoardOperation"/>. <see cref="Kind"/> is <c>create</c> (with
/// <see cref="Element"/>), <c>set</c> (with <see cref="Id"/> and <see cref="Props"/>, the properties to write) or
/// <c>delete</c> (with <see cref="Id"/>).
/// </summary>
public sealed record BoardChange(
    string Kind,
    BoardElement? Element = null,
    string? Id = null,
    IReadOnlyDictionary<string, JsonElement>? Props = null)
{
    /// <summary>The <see cref="Kind"/> of a change that adds an element.</summary>
    public const string Create = "create";

    /// <summary>The <see cref="Kind"/> of a change that writes properties of an existing element.</summary>
    public const string Set = "set";

    /// <summary>The <see cref="Kind"/> of a change that removes an element.</summary>
    public const string Delete = "delete";
}

/// <summary>
/// A finished edit sent by one person: one undo step. The server validates it whole, applies it in arrival order,
/// stores it and broadcasts it.
/// </summary>
/// <param name="OpId">Id chosen by the sender, unique per board (1 to 64 characters); a resent operation with a known id is not applied twice.</param>
/// <param name="BaseVersion">The last board version the sender had seen when it made the edit.</param>
/// <param name="Changes">The changes, applied in order.</param>
/// <param name="AllOrNothing">
/// Whether a conflict in any change skips the whole operation instead of that change alone, for an edit whose parts
/// only make sense together, such as a data source's CSV file with the client count it sets.
/// </param>
public sealed record BoardOperation(string OpId, long BaseVersion, IReadOnlyList<BoardChange> Changes, bool AllOrNothing = false);

/// <summary>An operation as the server applied it: what every browser applies to reach the same board.</summary>
/// <param name="Version">Board version after this operation; versions count up by one per applied operation.</param>
/// <param name="OpId">The sender's operation id, or a server-made id for undo and redo.</param>
/// <param name="Actor">Public id of the participant whose edit this is.</param>
/// <param name="Changes">
/// The changes as applied: conflicting changes left out, and the connectors removed with a deleted element added
/// as explicit <c>delete</c> changes.
/// </param>
public sealed record AppliedOperation(long Version, string OpId, string Actor, IReadOnlyList<BoardChange> Changes);

/// <summary>A change, or one property of it, that the server skipped because of a concurrent edit.</summary>
/// <param name="ElementId">The element concerned.</param>
/// <param name="Property">The property concerned, or null when the whole change was skipped.</param>
/// <param name="Message">What happened, in words for the user, naming who changed it where known.</param>
public sealed record OperationConflict(string ElementId, string? Property, string Message);

/// <summary>The server's result for an operation, an undo or a redo.</summary>
/// <param name="Status"><c>applied</c> (possibly with some conflicts), <c>conflict</c> (every change conflicted, or an all-or-nothing operation met a conflict; nothing applied) or <c>rejected</c> (invalid, nothing applied).</param>
/// <param name="Version">Board version after the operation; for conflict and rejected, the current version.</param>
/// <param name="Conflicts">Changes or properties skipped because of concurrent edits.</param>
/// <param name="Error">For rejected operations: what is wrong and what to do, naming the element and the value.</param>
public sealed record OperationResult(string Status, long Version, IReadOnlyList<OperationConflict> Conflicts, string? Error = null)
{
    /// <summary>Status of an operation of which at least one change was applied.</summary>
    public const string Applied = "applied";

    /// <summary>Status of an operation of which every change conflicted with a concurrent edit.</summary>
    public const string Conflict = "conflict";

    /// <summary>Status of an invalid operation; nothing was applied.</summary>
    public const string Rejected = "rejected";
}

/// <summary>The whole board at one version.</summary>
public sealed record BoardSnapshot(Guid BoardId, string Name, long Version, IReadOnlyList<BoardElement> Elements);

/// <summary>
/// The versioned export file of a board: what <c>GET /api/rooms/{code}/boards/{boardId}</c> returns and what an
/// import accepts.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="FormatVersion">Version of the file format; this build reads and writes <see cref="CurrentFormatVersion"/>.</param>
/// <param name="Name">Board name.</param>
/// <param name="Elements">Every element, frames first, in drawing order.</param>
public sealed record BoardDocument(string Format, int FormatVersion, string Name, IReadOnlyList<BoardElement> Elements)
{
    /// <summary>The <see cref="Format"/> value of every board file.</summary>
    public const string FormatName = "fedworkbench-board";

    /// <summary>The format version this build writes.</summary>
    public const int CurrentFormatVersion = 1;
}

/// <summary>A person in a room, as shown to everyone else.</summary>
/// <param name="Id">Public participant id, derived from the browser's secret client token.</param>
/// <param name="Name">Display name.</param>
/// <param name="Color">Colour as <c>#rrggbb</c>, unique within the room while colours last.</param>
/// <param name="BoardId">The board the person has open, or null.</param>
public sealed record Participant(string Id, string Name, string Color, Guid? BoardId);

/// <summary>Where a participant points on the board, in board coordinates.</summary>
public sealed record CursorPosition(string ParticipantId, double X, double Y);

/// <summary>What a browser sends to join a board, and again after a reconnect.</summary>
/// <param name="RoomCode">The room's share code.</param>
/// <param name="BoardId">The board to open.</param>
/// <param name="ClientToken">A secret the browser made (16 to 64 characters from A–Z, a–z, 0–9, '-' and '_') and keeps per room; undo and redo act on this token's operations.</param>
/// <param name="DisplayName">The name others see: 1 to 40 visible characters.</param>
/// <param name="LastVersion">The last board version the browser holds, or null on first load.</param>
/// <param name="FacilitatorToken">The room's facilitator token when the facilitator joins; locks do not apply to them.</param>
public sealed record JoinBoardRequest(string RoomCode, Guid BoardId, string ClientToken, string DisplayName, long? LastVersion = null, string? FacilitatorToken = null);

/// <summary>
/// The response to <see cref="JoinBoardRequest"/>: either the operations after <see cref="JoinBoardRequest.LastVersion"/>
/// (when the server still has them and they are few) or a full snapshot.
/// </summary>
public sealed record JoinBoardResult(
    Participant Self,
    IReadOnlyList<Participant> Participants,
    long Version,
    BoardSnapshot? Snapshot,
    IReadOnlyList<AppliedOperation>? Operations,
    Facilitation.BoardLocks? Locks = null,
    bool IsFacilitator = false);

/// <summary>Tells a room that someone launched a run from one of its boards.</summary>
public sealed record RoomRunNotice(Guid RunId, Guid BoardId, string? RunName, string LaunchedBy);

/// <summary>A room as its pages and the API show it.</summary>
/// <param name="Code">The unguessable share code in the room's link.</param>
public sealed record RoomInfo(Guid Id, string Code, string Name, DateTimeOffset CreatedAt);

/// <summary>A new room and its facilitator token, which the creator gets this once: only its hash is stored.</summary>
/// <param name="Room">The room.</param>
/// <param name="FacilitatorToken">The secret of the room's facilitator link; see <see cref="Facilitation.FacilitatorToken"/>.</param>
public sealed record CreatedRoom(RoomInfo Room, string FacilitatorToken);

/// <summary>A board in a room's list.</summary>
public sealed record BoardInfo(Guid Id, string Name, long Version, int ElementCount, DateTimeOffset UpdatedAt);

/// <summary>Why a board cannot be simulated, pointing at the elements concerned.</summary>
/// <param name="ElementIds">Elements to highlight; empty for a problem of the board as a whole (for example, no server).</param>
/// <param name="Property">The property at fault, when one is, for example <c>dirichletAlpha</c>.</param>
/// <param name="Message">What is wrong and what to change.</param>
public sealed record BoardProblem(IReadOnlyList<string> ElementIds, string? Property, string Message);

/// <summary>The result of "Simulate": the new run, or the problems that stopped it.</summary>
public sealed record SimulateResult(Guid? RunId, IReadOnlyList<BoardProblem> Problems);
