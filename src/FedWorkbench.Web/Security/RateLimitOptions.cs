using System.ComponentModel.DataAnnotations;

namespace FedWorkbench.Web.Security;

/// <summary>
/// Request rates and connection counts allowed per client address. Bound from the <c>RateLimits</c> configuration
/// section. A request over a limit gets a 429 problem (HTTP), a hub error (SignalR) or a message in the page
/// (Blazor), never a dropped connection.
/// </summary>
/// <remarks>
/// The per-address defaults let one workshop of about 50 people behind a single NAT address work. Every person has a
/// Blazor circuit and a board connection, and each board sends up to 20 cursor moves and 30 edits per second.
/// </remarks>
public sealed class RateLimitOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>Requests to <c>/api/*</c> per address per minute (fixed one-minute window). Default 300.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ApiRequestsPerMinutePerAddress must be between {1} and {2}.")]
    public int ApiRequestsPerMinutePerAddress { get; set; } = 300;

    /// <summary>Rooms created per address per hour, by <c>POST /api/rooms</c> and the home page together. Default 20.</summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:RoomsPerHourPerAddress must be between {1} and {2}.")]
    public int RoomsPerHourPerAddress { get; set; } = 20;

    /// <summary>
    /// Runs launched per address per hour: the API, the experiment form, a board's Simulate and a resume count
    /// together. Default 30.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:RunLaunchesPerHourPerAddress must be between {1} and {2}.")]
    public int RunLaunchesPerHourPerAddress { get; set; } = 30;

    /// <summary>
    /// CSV files uploaded per address per hour, by <c>POST /api/tables</c> and the experiment form together. The
    /// form's sample file does not count. Default 30.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:TableUploadsPerHourPerAddress must be between {1} and {2}.")]
    public int TableUploadsPerHourPerAddress { get; set; } = 30;

    /// <summary>
    /// Calls of board and run hub methods per connection per second (token bucket, bursts of the same size). The
    /// board's own edit and cursor limits (<c>Boards</c> section) apply as well. Default 100.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:HubCallsPerSecondPerConnection must be between {1} and {2}.")]
    public int HubCallsPerSecondPerConnection { get; set; } = 100;

    /// <summary>Calls of board and run hub methods per address per second, over all its connections. Default 2,000.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:HubCallsPerSecondPerAddress must be between {1} and {2}.")]
    public int HubCallsPerSecondPerAddress { get; set; } = 2_000;

    /// <summary>
    /// Hub connections (board and run hubs) and Blazor circuits open at once per address; one browser tab on a room
    /// page uses two. Default 200.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:ConnectionsPerAddress must be between {1} and {2}.")]
    public int ConnectionsPerAddress { get; set; } = 200;
}
