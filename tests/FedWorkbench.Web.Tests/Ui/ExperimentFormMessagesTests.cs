using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Which input of the experiment form shows each validation message, and the alert of a failed launch.</summary>
public sealed class ExperimentFormMessagesTests
{
    [Fact]
    public void For_TopKMemoryAlsoAtClients()
    {
        // The default 2NN has 199,210 parameters: 10,000 clients × 199,210 × 4 bytes is about 7,599 MiB of
        // residuals, over the 512 MiB limit, and 1 client would fit.
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { Compression = CompressionKind.TopK });
        form.ClientsText = "10000";

        string? compression = ExperimentFormMessages.For(form, nameof(ExperimentConfig.Compression));
        string? clients = ExperimentFormMessages.For(form, nameof(ExperimentConfig.Clients));

        Assert.NotNull(compression);
        Assert.Contains("10,000 clients × 199,210 parameters × 4 bytes", compression);
        Assert.Equal(compression, clients);
    }

    [Fact]
    public void For_MinClientSizeAlsoAtClients()
    {
        // Quantity partition: 10,000 clients × 10 samples = 100,000 exceeds the 60,000 training samples.
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { Partition = PartitionKind.Quantity });
        form.ClientsText = "10000";

        string? clients = ExperimentFormMessages.For(form, nameof(ExperimentConfig.Clients));

        Assert.NotNull(clients);
        Assert.Contains("10,000 clients × minimum client size 10 = 100,000", clients);
    }

    [Fact]
    public void For_KrumLimitStaysAtItsField()
    {
        // K = 100, C = 0.1: 10 updates per round, and Krum with f = 4 needs 2f + 3 = 11. One client does not fix it.
        ExperimentForm form = ExperimentForm.FromConfig(
            new ExperimentConfig { Aggregation = AggregationKind.Krum, AssumedAttackers = 4 });

        Assert.NotNull(ExperimentFormMessages.For(form, nameof(ExperimentConfig.AssumedAttackers)));
        Assert.Null(ExperimentFormMessages.For(form, nameof(ExperimentConfig.Clients)));
    }

    [Fact]
    public void For_UnparsedClientsShowsOwnMessage()
    {
        // 70,000 is outside the input's range, so the form has no configuration to try with one client.
        ExperimentForm form = ExperimentForm.FromConfig(new ExperimentConfig { Compression = CompressionKind.TopK });
        form.ClientsText = "70000";

        string? own = form.ToConfig().Errors.For(nameof(ExperimentConfig.Clients));

        Assert.NotNull(own);
        Assert.Equal(own, ExperimentFormMessages.For(form, nameof(ExperimentConfig.Clients)));
    }

    [Fact]
    public void LaunchError_AllShownNextToFields()
    {
        var errors = new FieldErrors([new ValidationError("Seed", "a"), new ValidationError("Rounds", "b")]);

        Assert.Equal("2 settings are invalid; their messages are shown next to the fields.", ExperimentFormMessages.LaunchError(errors, _ => true));
    }

    [Fact]
    public void LaunchError_OneShown()
    {
        var errors = new FieldErrors([new ValidationError("Seed", "a")]);

        Assert.Equal("1 setting is invalid; its message is shown next to the field.", ExperimentFormMessages.LaunchError(errors, _ => true));
    }

    [Fact]
    public void LaunchError_NamesHiddenSettings()
    {
        var errors = new FieldErrors(
        [
            new ValidationError("Seed", "a"),
            new ValidationError("MinClientSize", "b"),
            new ValidationError("TrimFraction", "c"),
        ]);

        string message = ExperimentFormMessages.LaunchError(errors, field => field == "Seed");

        Assert.Equal(
            "1 setting is invalid; its message is shown next to the field. " +
            "2 settings hidden by the current choices are invalid; their messages are listed above the form.",
            message);
    }

    [Fact]
    public void LaunchError_OnlyHidden()
    {
        var errors = new FieldErrors([new ValidationError("TrimFraction", "c")]);

        Assert.Equal(
            "1 setting hidden by the current choices is invalid; its message is listed above the form.",
            ExperimentFormMessages.LaunchError(errors, _ => false));
    }
}
