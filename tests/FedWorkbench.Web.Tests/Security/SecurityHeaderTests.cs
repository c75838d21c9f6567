using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FedWorkbench.Web.Tests.Integration;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>Every response carries the security headers, and the policy allows the page's import map by its hash.</summary>
public sealed partial class SecurityHeaderTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/runs")]
    [InlineData("/favicon.svg")]
    public async Task Response_HasSecurityHeaders(string path)
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("camera=(), microphone=(), geolocation=()", Header(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        string policy = response.Headers.GetValues("Content-Security-Policy").First();
        Assert.StartsWith("default-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_PolicyHashMatchesImportMap()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/");
        string html = await response.Content.ReadAsStringAsync();

        Match importMap = ImportMapScript().Match(html);
        Assert.True(importMap.Success, "The home page has no inline import map.");
        string hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        string policy = response.Headers.GetValues("Content-Security-Policy").First();
        Assert.Contains($"script-src 'self' 'sha256-{hash}'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportOnly_SendsReportOnlyHeader()
    {
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["Security:ContentSecurityPolicyReportOnly"] = "true" });
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/api/runs");

        Assert.StartsWith("default-src 'self';", response.Headers.GetValues("Content-Security-Policy-Report-Only").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(",", values) : "";

    [GeneratedRegex("<script type=\"importmap\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMapScript();
}
