namespace FedWorkbench.Web.Storage;

/// <summary>A dot-voting round on the notes of one board, started and ended by the room's facilitator.</summary>
public sealed class VoteRoundEntity
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The room the round belongs to.</summary>
    public Guid RoomId { get; set; }

    /// <summary>The board whose notes are voted on.</summary>
    public Guid BoardId { get; set; }

    /// <summary>Votes each person may place, 1 to 20.</summary>
    public int VotesPerPerson { get; set; }

    /// <summary>When the facilitator started the round.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the facilitator ended the round; null while it is open.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The votes placed.</summary>
    public List<VoteEntity> Votes { get; set; } = [];
}

/// <summary>
/// The votes one person placed on one note in a voting round. The voter is stored only as a hash, and no page or
/// API shows who voted for what.
/// </summary>
public sealed class VoteEntity
{
    /// <summary>The voting round.</summary>
    public Guid VoteRoundId { get; set; }

    /// <summary>SHA-256 of the round id and the participant id, 64 lowercase hexadecimal digits.</summary>
    public string VoterHash { get; set; } = "";

    /// <summary>The note voted on.</summary>
    public string ElementId { get; set; } = "";

    /// <summary>Votes this person placed on the note, at least 1.</summary>
    public int Count { get; set; }
}
