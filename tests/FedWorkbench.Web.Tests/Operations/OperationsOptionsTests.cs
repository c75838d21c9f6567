using System.ComponentModel.DataAnnotations;
using System.Net;
using FedWorkbench.Web.Operations;

namespace FedWorkbench.Web.Tests.Operations;

public sealed class OperationsOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.0/24; 192.168.1.7;fd00::/8")]
    [InlineData("10.0.0.1/24")]
    public void AllowedFrom_ValidListPasses(string list)
    {
        var options = new OperationsOptions { MetricsAllowedFrom = list };

        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/24;300.1.1.1")]
    public void AllowedFrom_InvalidEntryNamesIt(string list)
    {
        var options = new OperationsOptions { MetricsAllowedFrom = list };

        ValidationResult result = Assert.Single(Validate(options));

        string bad = list.Split(';').Last();
        Assert.Contains($"Operations:MetricsAllowedFrom contains '{bad}'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/metrics?x=1")]
    [InlineData("")]
    public void MetricsPath_InvalidFails(string path)
    {
        var options = new OperationsOptions { MetricsPath = path };

        Assert.NotEmpty(Validate(options));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.77", true)]
    [InlineData("::ffff:10.0.0.77", true)]
    [InlineData("10.0.1.1", false)]
    [InlineData("203.0.113.7", false)]
    public void AccessFilter_AllowsLoopbackAndList(string address, bool allowed)
    {
        var options = new OperationsOptions { MetricsAllowedFrom = "10.0.0.0/24" };
        var filter = new MetricsAccessFilter(options.ParseMetricsAllowedFrom());

        Assert.Equal(allowed, filter.IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void AccessFilter_RejectsMissingAddress()
    {
        var filter = new MetricsAccessFilter([]);

        Assert.False(filter.IsAllowed(null));
    }

    private static List<ValidationResult> Validate(OperationsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
