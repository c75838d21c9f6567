namespace FedWorkbench.Data.Baselines;

/// <summary>The test-split scores of one centralized baseline and how it was trained.</summary>
/// <param name="Kind">The baseline that was trained.</param>
/// <param name="TestAccuracy">Fraction of the test samples whose predicted class is their label, in [0, 1].</param>
/// <param name="TestLogLoss">
/// Mean cross-entropy −ln p(label) over the test samples, or null when it is not finite, for example after the
/// engine's SGD diverged. ML.NET clamps each probability to at least 1e-15 first, while the engine computes it from
/// the logits.
/// </param>
/// <param name="TrainingSamples">Training samples the model was fitted on: all of them, or the subsample under a cap.</param>
/// <param name="TestSamples">Test samples the scores were computed on: always the whole test split.</param>
/// <param name="Seconds">Wall-clock seconds of training and scoring. Not deterministic.</param>
/// <param name="Description">The trainer, its hyper-parameters and any subsample, in one line for the user.</param>
public sealed record BaselineResult(
    BaselineKind Kind,
    double TestAccuracy,
    double? TestLogLoss,
    int TrainingSamples,
    int TestSamples,
    double Seconds,
    string Description);
