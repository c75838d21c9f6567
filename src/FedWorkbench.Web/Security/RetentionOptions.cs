using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Security;

/// <summary>How long idle rooms and standalone runs are kept. Bound from the <c>Retention</c> configuration section.</summary>
public sealed class RetentionOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Retention";

    /// <summary>
    /// Days after a room's last activity (board edit, board creation, run launched from it) when the room is deleted
    /// with its boards and runs. 0 keeps rooms forever. Default 30.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "Retention:RoomIdleDays must be between {1} and {2}; 0 keeps rooms forever.")]
    public int RoomIdleDays { get; set; } = 30;

    /// <summary>
    /// Days after a run that belongs to no room was created when it is deleted. 0 keeps such runs forever. Default 30.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "Retention:StandaloneRunDays must be between {1} and {2}; 0 keeps runs forever.")]
    public int StandaloneRunDays { get; set; } = 30;

    /// <summary>Minutes between two retention passes; the first pass runs at start-up. Default 60.</summary>
    [Range(1, 10_080, ErrorMessage = "Retention:CheckIntervalMinutes must be between {1} and {2}.")]
    public int CheckIntervalMinutes { get; set; } = 60;
}
