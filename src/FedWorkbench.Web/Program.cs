using FedWorkbench.Web;
using FedWorkbench.Web.Components;
using FedWorkbench.Web.Ui;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddWorkbenchUi();
builder.Services.AddFedWorkbenchBackend(builder.Configuration);

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

// The app serves plain HTTP on loopback or behind a reverse proxy that terminates TLS, so it neither
// redirects to HTTPS nor sends HSTS itself.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseAntiforgery();

app.MapStaticAssets();
app.MapFedWorkbenchBackend();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
