using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace FedWorkbench.Web.Components.Rooms;

/// <summary>The home page's room card: what a room is, create one (empty or from a template), join one, and recent rooms.</summary>
public partial class RoomStartCard
{
    // MudSelect needs a non-null value for the empty board, but the service takes null.
    private const string EmptyBoard = "";

    private string? _name;
    private string _templateKey = EmptyBoard;
    private string? _createError;
    private bool _creating;
    private string? _joinText;
    private string? _joinError;
    private IReadOnlyList<RecentRoom> _recent = [];

    [Inject]
    private IRoomService Rooms { get; set; } = default!;

    [Inject]
    private Security.AddressRateLimiter AddressLimiter { get; set; } = default!;

    [Inject]
    private RoomBrowserStorage Storage { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private static IReadOnlyList<BoardTemplate> Templates => BoardTemplates.All;

    private BoardTemplate? SelectedTemplate => BoardTemplates.Find(_templateKey);

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // localStorage is reachable only once the page is interactive.
        if (firstRender)
        {
            _recent = await Storage.GetRecentRoomsAsync();
            StateHasChanged();
        }
    }

    private async Task CreateAsync()
    {
        _creating = true;
        _createError = null;
        try
        {
            string? name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim();
            string? template = _templateKey == EmptyBoard ? null : _templateKey;
            // The same per-address limit as POST /api/rooms; the circuit handler sets the address.
            if (AddressLimiter.TryAcquire(Security.AddressLimit.RoomCreations, Security.ClientAddress.Current) is { Allowed: false } limited)
            {
                throw new BoardException(limited.Message);
            }

            CreatedRoom created = await Rooms.CreateRoomAsync(name, template);

            // The room page reads the token from the fragment, keeps it and removes it from the address bar.
            Navigation.NavigateTo(FacilitatorToken.LinkPath(created.Room.Code, created.FacilitatorToken).TrimStart('/'));
        }
        catch (BoardException ex)
        {
            _createError = ex.Message;
        }
        finally
        {
            _creating = false;
        }
    }

    private void OnJoinKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            Join();
        }
    }

    private void Join()
    {
        if (RoomLinks.TryParseCode(_joinText, out string? code, out _joinError))
        {
            Navigation.NavigateTo(RoomLinks.RoomPath(code));
        }
    }
}
