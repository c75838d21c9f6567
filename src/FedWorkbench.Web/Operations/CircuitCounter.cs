using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FedWorkbench.Web.Operations;

/// <summary>Counts the Blazor circuits that are open and those whose browser is connected now. Thread-safe.</summary>
public sealed class CircuitCounter
{
    private int _open;
    private int _connected;

    /// <summary>Circuits the server keeps, including disconnected ones that wait for their browser to reconnect.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Circuits whose browser is connected: the people using the Blazor pages now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);

    internal void Up() => Interlocked.Increment(ref _connected);

    internal void Down() => Interlocked.Decrement(ref _connected);
}

/// <summary>
/// Reports one circuit's life to <see cref="CircuitCounter"/>. Blazor creates one per circuit (scoped), so the
/// handler remembers whether its own connection is up and never counts a connection down twice.
/// </summary>
internal sealed class CountingCircuitHandler(CircuitCounter counter) : CircuitHandler
{
    private bool _opened;
    private bool _connected;

    /// <inheritdoc />
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _opened = true;
        counter.Opened();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!_connected)
        {
            _connected = true;
            counter.Up();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        MarkDown();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        MarkDown();
        if (_opened)
        {
            _opened = false;
            counter.Closed();
        }

        return Task.CompletedTask;
    }

    private void MarkDown()
    {
        if (_connected)
        {
            _connected = false;
            counter.Down();
        }
    }
}
