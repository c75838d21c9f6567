using FedWorkbench.Web;
using FedWorkbench.Web.Components;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Ui;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// The room page's board sends the selected elements to .NET through the circuit; SignalR's default 32 KB
// receive limit closed the circuit when 16 long notes were selected. 4 MiB covers 1,000 selected elements of
// about 4 KB each. NOTE: 1,000 elements with 2,000-character texts can still exceed it; the board script should
// send full properties only for a single selection.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    .AddHubOptions(options => options.MaximumReceiveMessageSize = 4 * 1024 * 1024);
builder.Services.AddMudServices();
builder.Services.AddWorkbenchUi();
builder.Services.AddFedWorkbenchBackend(builder.Configuration);
builder.Services.AddPublicInstanceProtection(builder.Configuration);
builder.Services.AddOperations(builder.Configuration);

var app = builder.Build();

// A bad setting or data folder ends the process with one plain sentence instead of a stack trace.
if ((StartupCheck.FindProblem(app.Configuration, app.Logger)
        ?? app.Services.GetRequiredService<DataFolderLock>().TryAcquire()) is { } startupProblem)
{
    await Console.Error.WriteLineAsync($"FedWorkbench cannot start: {startupProblem}");
    return 1;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

// The app serves plain HTTP on loopback or behind a reverse proxy that terminates TLS, so it neither
// redirects to HTTPS nor sends HSTS itself.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UsePublicInstanceProtection();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOperations();
app.MapFedWorkbenchBackend();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

// Read before RunAsync, which disposes the host and its configuration when it fails.
string listeningAddresses = app.Configuration["urls"] ?? "the configured address";
try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Kestrel has already logged the details. The operator needs the sentence, not the stack trace.
    await Console.Error.WriteLineAsync(
        $"FedWorkbench cannot start: {ex.Message} Stop the process that uses the port, or choose another port with --urls or ASPNETCORE_URLS.");
    return 1;
}
catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException { InnerException: System.Net.Sockets.SocketException })
{
    // For example an address that no interface of this machine has.
    string reason = (ex as System.Net.Sockets.SocketException ?? (System.Net.Sockets.SocketException)ex.InnerException!).Message;
    await Console.Error.WriteLineAsync(
        $"FedWorkbench cannot start: listening on {listeningAddresses} failed ({reason}). "
        + "Choose an address of this machine with --urls or ASPNETCORE_URLS, such as http://127.0.0.1:5080.");
    return 1;
}
catch (OperationCanceledException)
{
    // RunAsync gets no token, so only the host's own shutdown cancels it: SIGTERM or Ctrl+C arrived while the
    // database was being prepared. The next start applies any migration that did not finish.
    await Console.Error.WriteLineAsync("FedWorkbench stopped while it was starting.");
    return 0;
}

return 0;
