using System.ComponentModel.DataAnnotations;
using System.Net;
using FedWorkbench.Web.Security;

namespace FedWorkbench.Web.Tests.Security;

public sealed class SecurityOptionsTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("10.0.0.2", new[] { "10.0.0.2" })]
    [InlineData("10.0.0.2;10.0.0.3", new[] { "10.0.0.2", "10.0.0.3" })]
    [InlineData(" 127.0.0.1 ; ::1 ;", new[] { "127.0.0.1", "::1" })]
    public void KnownProxies_SemicolonListParses(string list, string[] expected)
    {
        var options = new SecurityOptions { KnownProxies = list };

        Assert.Empty(Validate(options));
        Assert.Equal(expected.Select(IPAddress.Parse), options.ParseKnownProxies());
    }

    [Theory]
    [InlineData("proxy.example")]
    [InlineData("10.0.0.0/24")]
    [InlineData("10.0.0.2;300.1.1.1")]
    [InlineData("10.0.0.2,10.0.0.3")]
    public void KnownProxies_InvalidEntryNamesIt(string list)
    {
        var options = new SecurityOptions { KnownProxies = list };

        ValidationResult result = Assert.Single(Validate(options));

        string bad = list.Split(';').Last();
        Assert.Contains($"Security:KnownProxies contains '{bad}'", result.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(SecurityOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
