using System.Security.Cryptography;
using System.Text;
using FedWorkbench.Web.Boards;

namespace FedWorkbench.Web.Tests.Boards;

public sealed class RoomPresenceTests
{
    [Fact]
    public void ParticipantId_Is128BitHashPrefix()
    {
        const string token = "token-of-ada-0123456789";
        string hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

        string id = RoomPresence.ParticipantId(token);

        // 32 hexadecimal digits are 128 bits, so finding another token with this id is a 2^128 search.
        Assert.Equal("p" + hex[..32], id);
        Assert.DoesNotContain(token, id, StringComparison.Ordinal);
    }
}
