using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FedWorkbench.Cli.Tests;

/// <summary>Runs of <c>fedwb run --data</c> on CSV files through the real CSV reader, featurizer and engine.</summary>
public class TableRunTests
{
    /// <summary>
    /// Returns a table of three sites with 20, 30 and 50 rows, two numeric features and a class that the first
    /// feature decides.
    /// </summary>
    private static string ThreeSites()
    {
        var csv = new StringBuilder("site,x,y,class\n");
        (string Site, int Rows)[] sites = [("north", 20), ("south", 30), ("east", 50)];
        int row = 0;
        foreach ((string site, int rows) in sites)
        {
            for (int i = 0; i < rows; i++, row++)
            {
                double x = (row % 7) - 3;
                csv.Append(CultureInfo.InvariantCulture, $"{site},{x},{row % 5},{(x > 0 ? "high" : "low")}\n");
            }
        }

        return csv.ToString();
    }

    [Fact]
    public async Task Run_OwnerColumnMakesClients()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());

        // Act
        CliResult result = await CliRunner.InvokeAsync(
            "run", "--data", file.Path, "--label", "class", "--owner-column", "site", "--model", "softmax", "--rounds", "2", "--json");

        // Assert: the 20% test split leaves 16, 24 and 40 training rows, and each site holds out ⌊10%⌋ of them
        // (1, 2 and 4) for its own accuracy, so every round trains 73 samples on all three clients.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        string[] lines = result.OutputLines;
        Assert.Equal(3, lines.Length);
        for (int round = 0; round < 2; round++)
        {
            using JsonDocument document = JsonDocument.Parse(lines[round]);
            Assert.Equal(3, document.RootElement.GetProperty("sampledClients").GetInt32());
            Assert.Equal(73, document.RootElement.GetProperty("trainedSamples").GetInt64());
        }
    }

    [Fact]
    public async Task Run_SampleFileDescribed()
    {
        // Arrange
        string sample = Path.Combine(RepositoryRoot(), "wwwroot", "samples", "hospital-discharges.csv");

        // Act
        CliResult result = await CliRunner.InvokeAsync(
            "run", "--data", sample, "--label", "discharge_outcome", "--owner-column", "hospital", "--hidden", "16", "--rounds", "2");

        // Assert: 6 numeric features, 2 for sex, 3 admission types and yes, no or missing for smoker.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Equal(
            "Data hospital-discharges.csv: 2,400 rows (1,920 training, 480 test), 14 features, 3 classes, 5 owners",
            result.OutputLines[0]);
        Assert.StartsWith("Training mlp 16 on table: 5 clients (natural), C=1,", result.OutputLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SameSeedSameMetrics()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());
        string[] args = ["run", "--data", file.Path, "--label", "class", "--owner-column", "site", "--rounds", "3", "--hidden", "8", "--json"];

        // Act
        CliResult first = await CliRunner.InvokeAsync([.. args, "--threads", "1"]);
        CliResult second = await CliRunner.InvokeAsync([.. args, "--threads", "2"]);

        // Assert: every round's accuracy and losses agree; the timings are left out.
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        for (int round = 0; round < 3; round++)
        {
            using JsonDocument a = JsonDocument.Parse(first.OutputLines[round]);
            using JsonDocument b = JsonDocument.Parse(second.OutputLines[round]);
            foreach (string name in new[] { "testAccuracy", "testLoss", "trainLoss" })
            {
                Assert.Equal(a.RootElement.GetProperty(name).GetDouble(), b.RootElement.GetProperty(name).GetDouble());
            }
        }
    }

    [Theory]
    [InlineData("--label: it describes a CSV file, and no --data FILE.csv was given", "run", "--label", "class")]
    [InlineData("--dataset: table needs the file to train on", "run", "--dataset", "table")]
    [InlineData("--partition: The natural partition makes one client per owner of a table's rows, and Fashion-MNIST names no owners", "run", "--partition", "natural")]
    public async Task Run_TableOptionWithoutData(string expected, params string[] args)
    {
        CliResult result = await CliRunner.InvokeAsync(args);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--data: give the column whose values are the classes to predict with --label COLUMN.")]
    [InlineData("--dataset: synthetic cannot be combined with --data", "--dataset", "synthetic", "--label", "class")]
    [InlineData("--partition: natural makes one client per owner; name the column of owners with --owner-column COLUMN.", "--partition", "natural", "--label", "class")]
    [InlineData("--clients: the natural partition makes one client per owner, and the file has 3 owners, not 4; leave --clients out or set it to 3.", "--label", "class", "--owner-column", "site", "--clients", "4")]
    [InlineData("The label column 'kind' is not in the file.", "--label", "kind")]
    [InlineData("--test-fraction: 0.7 is outside (0, 0.5]; enter for example 0.2.", "--label", "class", "--test-fraction", "0.7")]
    [InlineData("--owner-column: 'Class' is also the --label column; choose another column for the owners.", "--label", "class", "--owner-column", "Class")]
    public async Task Run_InvalidTableOptions(string expected, params string[] extra)
    {
        // Arrange
        using var file = new TempFile(ThreeSites());

        // Act
        CliResult result = await CliRunner.InvokeAsync(["run", "--data", file.Path, "--rounds", "1", .. extra]);

        // Assert
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Run_RaggedRowNamesLine()
    {
        // Arrange: line 3 has one field too few.
        using var file = new TempFile("site,x,class\nnorth,1,high\nnorth,2\nsouth,3,low\n");

        // Act
        CliResult result = await CliRunner.InvokeAsync("run", "--data", file.Path, "--label", "class");

        // Assert
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("--data: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Line 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WritesModelAndReport()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());
        string folder = Directory.CreateTempSubdirectory("fedwb-artifacts-").FullName;
        string model = Path.Combine(folder, "sites.onnx");
        string report = Path.Combine(folder, "report.json");

        try
        {
            // Act
            CliResult result = await CliRunner.InvokeAsync(
                "run", "--data", file.Path, "--label", "class", "--owner-column", "site", "--rounds", "3", "--hidden", "8", "--json",
                "--export-model", model, "--report", report);

            // Assert: the report scores the final model, so its accuracy is the last round's, the model takes the raw
            // feature columns, and the folder holds only the two files.
            Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
            using JsonDocument lastRound = JsonDocument.Parse(result.OutputLines[2]);
            using JsonDocument evaluation = JsonDocument.Parse(File.ReadAllText(report));
            Assert.Equal(lastRound.RootElement.GetProperty("testAccuracy").GetDouble(), evaluation.RootElement.GetProperty("accuracy").GetDouble());
            Assert.Equal(20, evaluation.RootElement.GetProperty("sampleCount").GetInt32());
            Assert.True(new FileInfo(model).Length > 0);
            Onnx.ModelProto onnx = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
            Assert.Equal(["x", "y"], onnx.Graph.Input.Select(input => input.Name));
            Assert.Equal(["report.json", "sites.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Run_ModelAndReportSamePath()
    {
        using var file = new TempFile();

        CliResult result = await CliRunner.InvokeAsync("run", "--dataset", "synthetic", "--rounds", "1", "--export-model", file.Path, "--report", file.Path);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains($"--report: '{file.Path}' is also the --export-model file; give the report another name, such as report.json.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ReportOverwritesFile()
    {
        // Arrange: an older report that is longer than the new one, so leftovers would show.
        using var file = new TempFile(new string('x', 100_000));

        // Act
        CliResult result = await CliRunner.InvokeAsync("run", "--dataset", "synthetic", "--model", "softmax", "--rounds", "1", "--json", "--report", file.Path);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(file.Path));
        Assert.Equal(1000, report.RootElement.GetProperty("sampleCount").GetInt32());
    }

    [Fact]
    public async Task Run_ReportFolderMissing()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--dataset", "synthetic", "--rounds", "1", "--report", "/nonexistent/report.json");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("--report: the folder '/nonexistent' does not exist; create it or choose another path.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Run_TextPrintsEvaluation()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());

        // Act
        CliResult result = await CliRunner.InvokeAsync("run", "--data", file.Path, "--label", "class", "--owner-column", "site", "--rounds", "2");

        // Assert: the 20 test rows have both classes, each with a line of its own.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        string[] lines = result.OutputLines;
        Assert.StartsWith("Evaluation on 20 test samples: accuracy ", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith("high  precision ", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("low   precision ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BaselinesAfterSummary()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());

        // Act
        CliResult result = await CliRunner.InvokeAsync(
            "run", "--data", file.Path, "--label", "class", "--owner-column", "site", "--rounds", "2", "--json", "--baseline", "engine,maximum-entropy");

        // Assert: two rounds, the summary, then one object per baseline in the order given, trained on all 80
        // training rows and scored on the 20 test rows.
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        string[] lines = result.OutputLines;
        Assert.Equal(5, lines.Length);
        Assert.Contains("\"summary\":true", lines[2], StringComparison.Ordinal);
        string[] expectedKinds = ["engine", "maximum-entropy"];
        for (int i = 0; i < 2; i++)
        {
            using JsonDocument baseline = JsonDocument.Parse(lines[3 + i]);
            JsonElement root = baseline.RootElement;
            Assert.Equal(expectedKinds[i], root.GetProperty("baseline").GetString());
            Assert.InRange(root.GetProperty("testAccuracy").GetDouble(), 0.0, 1.0);
            Assert.Equal(80, root.GetProperty("trainingSamples").GetInt32());
            Assert.Equal(20, root.GetProperty("testSamples").GetInt32());
        }
    }

    [Fact]
    public async Task Run_UnknownBaseline()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--dataset", "synthetic", "--baseline", "engine,forest");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("--baseline: 'forest' is not a baseline. Choose from engine, maximum-entropy, light-gbm, separated by commas, or all.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigFileNamesColumns()
    {
        // Arrange: an experiment file, as the web app exports it, that names the label and owner columns of the file.
        string csv = ThreeSites();
        using var file = new TempFile(csv);
        string id = FedWorkbench.Data.TableSourceLoader.ComputeId(System.Text.Encoding.UTF8.GetBytes(csv));
        using var experiment = new TempFile($$"""
            {"dataset": "table", "table": {"id": "{{id}}", "fileName": "sites.csv", "labelColumn": "class", "ownerColumn": "site"},
             "partition": "natural", "clients": 3, "clientFraction": 1, "model": "softmax", "rounds": 2}
            """);

        // Act
        CliResult withFile = await CliRunner.InvokeAsync("run", "--config", experiment.Path, "--data", file.Path, "--json");
        CliResult withoutFile = await CliRunner.InvokeAsync("run", "--config", experiment.Path);

        // Assert: the file's columns apply, as in Run_OwnerColumnMakesClients, and without --data nothing runs.
        Assert.True(withFile.ExitCode == ExitCodes.Success, withFile.Error);
        Assert.Equal(string.Empty, withFile.Error);
        using JsonDocument round = JsonDocument.Parse(withFile.OutputLines[0]);
        Assert.Equal(73, round.RootElement.GetProperty("trainedSamples").GetInt64());
        Assert.Equal(ExitCodes.InvalidOptions, withoutFile.ExitCode);
        Assert.Contains("--data: the experiment trains on the table sites.csv; add --data FILE.csv with that file.", withoutFile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ColumnTypesOverride()
    {
        // Arrange
        using var file = new TempFile(ThreeSites());

        // Act: y takes the values 0 to 4, so as a category it becomes 5 indicator features instead of 1 number.
        CliResult numeric = await CliRunner.InvokeAsync("run", "--data", file.Path, "--label", "class", "--rounds", "1", "--clients", "3");
        CliResult categorical = await CliRunner.InvokeAsync("run", "--data", file.Path, "--label", "class", "--rounds", "1", "--clients", "3", "--column-types", "y=categorical");

        // Assert: site (3) and x (1) as well.
        Assert.True(categorical.ExitCode == ExitCodes.Success, categorical.Error);
        Assert.Contains(", 5 features,", numeric.OutputLines[0], StringComparison.Ordinal);
        Assert.Contains(", 9 features,", categorical.OutputLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingDataFile()
    {
        CliResult result = await CliRunner.InvokeAsync("run", "--data", "/nonexistent/table.csv", "--label", "class");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Contains("--data: the file '/nonexistent/table.csv' does not exist.", result.Error, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FedWorkbench.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"FedWorkbench.sln was not found above {AppContext.BaseDirectory}.");
    }
}
