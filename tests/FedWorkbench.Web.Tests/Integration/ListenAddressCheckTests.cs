using Microsoft.Extensions.Configuration;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>The start-up check of the listening addresses and ports, on in-memory configuration.</summary>
public sealed class ListenAddressCheckTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080;https://localhost:5443")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://example.org")]
    public void Check_AcceptsKestrelAddresses(string urls)
    {
        Assert.Null(StartupCheck.FindAddressProblem(Configuration(("urls", urls))));
    }

    [Theory]
    [InlineData("http://127.0.0.1:abc")]
    [InlineData("http://127.0.0.1:65536")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("http://")]
    public void Check_RejectsInvalidAddress(string urls)
    {
        string? problem = StartupCheck.FindAddressProblem(Configuration(("urls", urls)));

        Assert.NotNull(problem);
        Assert.Contains($"'{urls}'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http_ports", "80;abc", "'abc' in ASPNETCORE_HTTP_PORTS")]
    [InlineData("https_ports", "99999", "'99999' in ASPNETCORE_HTTPS_PORTS")]
    [InlineData("http_ports", "-1", "'-1' in ASPNETCORE_HTTP_PORTS")]
    public void Check_RejectsInvalidPort(string key, string value, string named)
    {
        string? problem = StartupCheck.FindAddressProblem(Configuration((key, value)));

        Assert.NotNull(problem);
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AcceptsNoAddressAndValidPorts()
    {
        Assert.Null(StartupCheck.FindAddressProblem(Configuration()));
        Assert.Null(StartupCheck.FindAddressProblem(Configuration(("http_ports", "8080;8081"), ("https_ports", "8443"))));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>(value.Key, value.Value)))
            .Build();
}
