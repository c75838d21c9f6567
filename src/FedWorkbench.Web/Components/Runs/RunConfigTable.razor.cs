using System.Globalization;
using FedWorkbench.Simulation.Configuration;
using Microsoft.AspNetCore.Components;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Table of an experiment's settings, leaving out those that do not apply (for example α under IID).</summary>
public partial class RunConfigTable
{
    /// <summary>Configuration to show.</summary>
    [Parameter, EditorRequired]
    public ExperimentConfig Config { get; set; } = default!;

    private IEnumerable<(string Label, string Value)> Rows
    {
        get
        {
            yield return ("Dataset", Config.Dataset == DatasetKind.FashionMnist ? "Fashion-MNIST" : "Synthetic(α, β)");
            if (Config.Dataset == DatasetKind.Synthetic)
            {
                yield return ("Synthetic α, β", $"{Format(Config.SyntheticAlpha)}, {Format(Config.SyntheticBeta)}");
            }

            yield return ("Partition", Config.Partition == PartitionKind.Iid ? "IID" : "Dirichlet");
            if (Config.Partition == PartitionKind.Dirichlet)
            {
                yield return ("Dirichlet α", Format(Config.DirichletAlpha));
                yield return ("Minimum client size", Config.MinClientSize.ToString("N0", CultureInfo.InvariantCulture));
            }

            yield return ("Model", Config.Model == ModelKind.Softmax
                ? "Softmax regression"
                : $"MLP, hidden layers {string.Join(", ", Config.HiddenLayers)}");
            yield return ("Clients K", Config.Clients.ToString("N0", CultureInfo.InvariantCulture));
            yield return ("Client fraction C", Format(Config.ClientFraction));
            yield return ("Local epochs E", Config.LocalEpochs.ToString(CultureInfo.InvariantCulture));
            yield return ("Batch size B", Config.BatchSize.ToString(CultureInfo.InvariantCulture));
            yield return ("Learning rate η", Format(Config.LearningRate));
            yield return ("Rounds", Config.Rounds.ToString("N0", CultureInfo.InvariantCulture));
            yield return ("Seed", Config.Seed.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
