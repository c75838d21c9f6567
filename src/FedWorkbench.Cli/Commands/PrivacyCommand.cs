using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using FedWorkbench.Cli.Options;
using FedWorkbench.Cli.Output;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Privacy;

namespace FedWorkbench.Cli.Commands;

/// <summary>
/// <c>fedwb privacy epsilon|noise</c>: the RDP accountant of the Poisson-subsampled Gaussian mechanism without a
/// run, for planning a privacy budget.
/// </summary>
internal static class PrivacyCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Creates the command, which writes results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command(
            "privacy",
            "Compute the privacy budget ε of the Poisson-subsampled Gaussian mechanism (RDP accountant), or the noise multiplier for a target ε.");
        command.Add(CreateEpsilonCommand(output));
        command.Add(CreateNoiseCommand(output, error));
        return command;
    }

    private static Command CreateEpsilonCommand(TextWriter output)
    {
        var samplingRate = SamplingRateOption();
        var noiseMultiplier = new Option<double?>("--noise-multiplier")
        {
            Description = "Noise multiplier z: the noise standard deviation divided by the clipping norm, 0 or at least 0.001. 0 means no noise and no guarantee.",
            HelpName = "Z",
            Required = true,
            CustomParser = NoiseMultiplier(),
        };
        var steps = StepsOption();
        var delta = DeltaOption();
        var json = JsonOption();

        var command = new Command("epsilon", "Print ε after the given number of steps (rounds) at the given δ, or 'unbounded' when the noise multiplier is 0.");
        command.Add(samplingRate);
        command.Add(noiseMultiplier);
        command.Add(steps);
        command.Add(delta);
        command.Add(json);

        command.SetAction(parseResult =>
        {
            double q = parseResult.GetValue(samplingRate)!.Value;
            double z = parseResult.GetValue(noiseMultiplier)!.Value;
            int t = parseResult.GetValue(steps)!.Value;
            double d = parseResult.GetValue(delta)!.Value;

            double epsilon = RdpAccountant.Epsilon(q, z, t, d);
            if (parseResult.GetValue(json))
            {
                double? reported = double.IsPositiveInfinity(epsilon) ? null : epsilon;
                WriteJson(output, new EpsilonLine(reported, q, z, t, d));
            }
            else
            {
                string value = double.IsPositiveInfinity(epsilon) ? "unbounded" : epsilon.ToString("0.####", Invariant);
                output.WriteLine(
                    $"ε = {value} at δ = {Format(d)} after {Plural.Count(t, "step")} with sampling rate {Format(q)} and noise multiplier {Format(z)}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateNoiseCommand(TextWriter output, TextWriter error)
    {
        var samplingRate = SamplingRateOption();
        var targetEpsilon = new Option<double?>("--target-epsilon")
        {
            Description = "Privacy budget ε to stay within after all steps, above 0.",
            HelpName = "E",
            Required = true,
            CustomParser = NumberInRange(minimum: 0, includeMinimum: false, maximum: double.PositiveInfinity, "a number above 0, such as 8"),
        };
        var steps = StepsOption();
        var delta = DeltaOption();
        var json = JsonOption();

        var command = new Command(
            "noise",
            string.Create(Invariant,
                $"Print the smallest noise multiplier, rounded up to a multiple of {RdpAccountant.NoiseMultiplierStep}, whose ε after the given steps does not exceed the target."));
        command.Add(samplingRate);
        command.Add(targetEpsilon);
        command.Add(steps);
        command.Add(delta);
        command.Add(json);

        command.SetAction(parseResult =>
        {
            double q = parseResult.GetValue(samplingRate)!.Value;
            double target = parseResult.GetValue(targetEpsilon)!.Value;
            int t = parseResult.GetValue(steps)!.Value;
            double d = parseResult.GetValue(delta)!.Value;

            double z;
            try
            {
                z = RdpAccountant.NoiseMultiplierFor(q, target, t, d);
            }
            catch (ExperimentException ex)
            {
                return ErrorWriter.Write(error, [$"--target-epsilon: {ex.Message}"]);
            }

            double achieved = RdpAccountant.Epsilon(q, z, t, d);
            if (parseResult.GetValue(json))
            {
                WriteJson(output, new NoiseLine(z, achieved, target, q, t, d));
            }
            else
            {
                string epsilon = achieved.ToString("0.####", Invariant);
                output.WriteLine(
                    $"Noise multiplier {Format(z)} gives ε = {epsilon} ≤ {Format(target)} at δ = {Format(d)} after {Plural.Count(t, "step")} with sampling rate {Format(q)}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<double?> SamplingRateOption() => new("--sampling-rate")
    {
        Description = "Probability q in [0, 1] that a client (or example) takes part in a step, under Poisson sampling.",
        HelpName = "Q",
        Required = true,
        CustomParser = NumberInRange(minimum: 0, includeMinimum: true, maximum: 1, "a probability in [0, 1], such as 0.01"),
    };

    private static Option<int?> StepsOption() => new("--steps")
    {
        Description = "Number of steps (federated rounds), at least 1.",
        HelpName = "T",
        Required = true,
        CustomParser = OptionParsers.Integer(minimum: 1),
    };

    private static Option<double?> DeltaOption() => new("--delta")
    {
        Description = "δ of the (ε, δ) guarantee, in (0, 1); usually below 1/number of clients, such as 1e-5.",
        HelpName = "D",
        Required = true,
        CustomParser = NumberInRange(minimum: 0, includeMinimum: false, maximum: 1, "a number in (0, 1), such as 1e-5", includeMaximum: false),
    };

    private static Option<bool> JsonOption() => new("--json")
    {
        Description = "Write one JSON object instead of a sentence.",
    };

    /// <summary>
    /// Returns a parser for a finite number between <paramref name="minimum"/> and <paramref name="maximum"/>,
    /// whose error names the option, the value and <paramref name="expected"/>.
    /// </summary>
    /// <summary>Parses a noise multiplier: 0, or a number from <see cref="RdpAccountant.MinPositiveNoiseMultiplier"/> up.</summary>
    private static Func<ArgumentResult, double?> NoiseMultiplier()
    {
        Func<ArgumentResult, double?> parse = NumberInRange(minimum: 0, includeMinimum: true, maximum: double.PositiveInfinity, "a number ≥ 0, such as 1.1");
        return result =>
        {
            double? value = parse(result);
            if (value is double z && (double.IsNegative(z) || (z > 0 && z < RdpAccountant.MinPositiveNoiseMultiplier)))
            {
                result.AddError(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--noise-multiplier: {z:G} is invalid. Enter 0 for no noise, or a number of at least {RdpAccountant.MinPositiveNoiseMultiplier}, such as 1.1."));
                return null;
            }

            return value;
        };
    }

    private static Func<ArgumentResult, double?> NumberInRange(
        double minimum, bool includeMinimum, double maximum, string expected, bool includeMaximum = true) => result =>
    {
        double? parsed = OptionParsers.Number(result);
        if (parsed is not double value)
        {
            return null;
        }

        bool aboveMinimum = includeMinimum ? value >= minimum : value > minimum;
        bool belowMaximum = includeMaximum ? value <= maximum : value < maximum;
        if (!aboveMinimum || !belowMaximum)
        {
            string name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
            result.AddError(string.Create(Invariant, $"{name}: {value} is out of range. Enter {expected}."));
            return null;
        }

        return value;
    };

    /// <summary>Formats a number in the invariant culture, with values below 1e-3 in exponent form (1E-5 rather than 1E-05).</summary>
    private static string Format(double value) =>
        value != 0 && Math.Abs(value) < 1e-3 ? value.ToString("0.###############E+0", Invariant) : value.ToString(Invariant);

    private static void WriteJson<T>(TextWriter output, T line) =>
        output.WriteLine(JsonSerializer.Serialize(line, JsonRunOutput.Options));

    /// <summary>JSON output of <c>fedwb privacy epsilon</c>; <see cref="Epsilon"/> is null when unbounded (z = 0).</summary>
    private sealed record EpsilonLine(double? Epsilon, double SamplingRate, double NoiseMultiplier, int Steps, double Delta);

    /// <summary>JSON output of <c>fedwb privacy noise</c>: the noise multiplier and the ε it achieves.</summary>
    private sealed record NoiseLine(double NoiseMultiplier, double Epsilon, double TargetEpsilon, double SamplingRate, int Steps, double Delta);
}
