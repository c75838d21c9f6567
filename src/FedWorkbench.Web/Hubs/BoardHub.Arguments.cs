using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Hubs;

/// <summary>The board hub's arguments, with the explanations its binding errors add after each field.</summary>
public sealed partial class BoardHub
{
    private static readonly HubArgument<JoinBoardRequest> JoinRequestArgument = new("request", new Dictionary<string, string>
    {
        [""] = "the join request with roomCode, boardId, clientToken and displayName",
        ["roomCode"] = "the room's code from its link",
        ["boardId"] = "the id of a board in the room",
        ["clientToken"] = "the secret this browser keeps for the room",
        ["displayName"] = "the name the others see",
        ["lastVersion"] = "the last board version this browser has, or null for none",
        ["facilitatorToken"] = "the token of the facilitator link, or null",
    });

    private static readonly HubArgument<BoardOperation> OperationArgument = new("operation", new Dictionary<string, string>
    {
        [""] = "an operation with opId, baseVersion and changes",
        ["opId"] = "the sender's id of this operation",
        ["baseVersion"] = "the board version your change is based on",
        ["changes"] = "the list of create, set and delete changes",
        ["changes[]"] = "one change with kind and element, id or props",
        ["changes[].kind"] = "create, set or delete",
        ["changes[].id"] = "the id of the element to change",
        ["changes[].props"] = "the properties to write, by name",
        ["changes[].element"] = "the new element with id, type and props",
        ["changes[].element.id"] = "the new element's id",
        ["changes[].element.type"] = "the element type, such as note",
        ["changes[].element.props"] = "the element's properties, by name",
    });

    private static readonly HubArgument<double> CursorXArgument = new("x", new Dictionary<string, string>
    {
        [""] = "the cursor's horizontal board coordinate",
    });

    private static readonly HubArgument<double> CursorYArgument = new("y", new Dictionary<string, string>
    {
        [""] = "the cursor's vertical board coordinate",
    });

    private static readonly HubArgument<string> VoteElementIdArgument = new("elementId", new Dictionary<string, string>
    {
        [""] = "the id of the sticky note to vote on",
    });

    private static readonly HubArgument<int> VoteDeltaArgument = new("delta", new Dictionary<string, string>
    {
        [""] = "1 to add a vote, -1 to take one back",
    });
}
