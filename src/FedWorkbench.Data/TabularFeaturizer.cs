using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace FedWorkbench.Data;

/// <summary>
/// Turns a <see cref="CsvTable"/> into the engine's <see cref="Dataset"/>. It splits the rows into train and test
/// (within each owner), fits an ML.NET pipeline on the training rows only and applies it to both splits.
/// </summary>
/// <remarks>
/// The pipeline replaces a missing number with the training mean of its column. It then standardizes the column as
/// z = (x − μ) / σ with the training mean and population standard deviation, and a column whose training values are
/// all equal becomes 0. A categorical column gets one indicator feature per category seen in the training rows, in
/// ordinal text order, and a missing value is the category <see cref="MissingCategory"/>. A category seen only in
/// test rows encodes as all zeros. Labels map to 0..C−1 over the classes of all rows, so a class seen only in test
/// rows keeps its own label. Classes are in numeric order when every label is a number, else in ordinal text order.
/// </remarks>
public static class TabularFeaturizer
{
    /// <summary>The category that stands for a missing value of a categorical column.</summary>
    public const string MissingCategory = "(missing)";

    private const string LabelInputName = "LabelText";

    /// <summary>
    /// Featurizes <paramref name="table"/> with the columns and settings of <paramref name="options"/>. Throws
    /// <see cref="ExperimentException"/> with the line, the column and the fix when the options do not fit the table
    /// or a value is invalid.
    /// </summary>
    /// <param name="table">The uploaded table.</param>
    /// <param name="options">Label, owner and feature columns, type overrides, test fraction and seed.</param>
    /// <param name="profiles">The table's column profiles if already computed (for example by a preview), else null.</param>
    public static TabularDataset Featurize(CsvTable table, FeaturizationOptions options, IReadOnlyList<CsvColumnProfile>? profiles = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        profiles ??= CsvColumnProfiler.Profile(table);

        ColumnSelection selection = ColumnSelection.Resolve(table, profiles, options);
        ColumnValues labels = ColumnValues.EncodeLabels(table, selection.Label);
        ColumnValues? owners = selection.HasOwner ? ColumnValues.EncodeOwners(table, selection.Owner) : null;
        TrainTestSplit split = TrainTestSplit.Create(owners?.RowValues, table.RowCount, options.TestFraction, options.Seed);
        List<TableDataColumn> columns = FeatureInputs.Create(table, selection, split.TrainRows);
        columns.Add(new TableDataColumn(LabelInputName, null, labels.RowValues.Select(label => labels.Names[label].AsMemory()).ToArray()));

        var trainInput = new TableDataView(columns, split.TrainRows);
        var testInput = new TableDataView(columns, split.TestRows);
        var ml = new MLContext(options.Seed);
        ITransformer transformer = CreatePipeline(ml, selection, labels.Names).Fit(trainInput);
        IDataView trainOutput = transformer.Transform(trainInput);
        IDataView testOutput = transformer.Transform(testInput);

        DataViewSchema.Column featuresColumn = trainOutput.Schema[TabularDataset.FeaturesColumnName];
        int featureCount = ((VectorDataViewType)featuresColumn.Type).Size;
        CheckFeatureValues(featureCount, table.RowCount);
        int[] rowOwners = owners?.RowValues ?? [];
        int[] trainOwners = owners is null ? [] : split.TrainRows.Select(row => rowOwners[row]).ToArray();
        int[] testOwners = owners is null ? [] : split.TestRows.Select(row => rowOwners[row]).ToArray();
        var dataset = new Dataset(
            options.DatasetName,
            featureCount,
            labels.Names,
            Extract(trainOutput, split.TrainRows.Length, featureCount),
            Extract(testOutput, split.TestRows.Length, featureCount),
            owners is null ? null : new SampleOwners(owners.Names, trainOwners, testOwners));

        string[] featureNames = FeatureNames(table, selection, trainOutput.Schema);
        return new TabularDataset(
            dataset,
            featureNames,
            owners?.Names ?? [],
            trainOwners,
            testOwners,
            split.TrainRows,
            split.TestRows,
            transformer,
            trainInput,
            testInput,
            FeatureRecipes(table, selection, columns, trainOutput.Schema, dataset.Train, split.TrainRows));
    }

    private static void CheckOptions(FeaturizationOptions options)
    {
        if (!(options.TestFraction > 0 && options.TestFraction <= CsvLimits.MaxTestFraction))
        {
            throw new ExperimentException(
                $"The test fraction {CsvFormat.Number(options.TestFraction)} is invalid. Choose a value above 0 and at " +
                $"most {CsvFormat.Number(CsvLimits.MaxTestFraction)}.");
        }

        if (string.IsNullOrWhiteSpace(options.DatasetName))
        {
            throw new ExperimentException("The dataset name is empty. Give the dataset a name.");
        }
    }

    /// <summary>
    /// Builds the pipeline: label mapping over the given classes, mean imputation and standardization of numeric
    /// features, one-hot encoding of categorical features, and their concatenation in feature order.
    /// </summary>
    private static IEstimator<ITransformer> CreatePipeline(MLContext ml, ColumnSelection selection, string[] classNames)
    {
        var classes = new TableDataView(
            [new TableDataColumn(LabelInputName, null, classNames.Select(name => name.AsMemory()).ToArray())],
            Enumerable.Range(0, classNames.Length).ToArray());
        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.MapValueToKey(
            outputColumnName: TabularDataset.LabelColumnName,
            inputColumnName: LabelInputName,
            keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
            keyData: classes);

        InputOutputColumnPair[] numeric = FeaturePairs(selection, CsvColumnType.Numeric, FeatureInputs.FilledSuffix);
        if (numeric.Length > 0)
        {
            InputOutputColumnPair[] normalized = numeric
                .Select(pair => new InputOutputColumnPair(EncodedName(pair.InputColumnName), pair.OutputColumnName))
                .ToArray();
            pipeline = pipeline
                .Append(ml.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean))
                .Append(ml.Transforms.NormalizeMeanVariance(normalized, fixZero: false));
        }

        InputOutputColumnPair[] categorical = FeaturePairs(selection, CsvColumnType.Categorical, FeatureInputs.EncodedSuffix);
        if (categorical.Length > 0)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(
                categorical,
                OneHotEncodingEstimator.OutputKind.Indicator,
                keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        }

        string[] encoded = Enumerable.Range(0, selection.Features.Count).Select(k => EncodedName(FeatureInputs.InputName(k))).ToArray();
        return pipeline.Append(ml.Transforms.Concatenate(TabularDataset.FeaturesColumnName, encoded));
    }

    /// <summary>Pairs each feature's input column with its output column, for the features of one type.</summary>
    private static InputOutputColumnPair[] FeaturePairs(ColumnSelection selection, CsvColumnType type, string outputSuffix)
        => Enumerable.Range(0, selection.Features.Count)
            .Where(k => selection.Features[k].Type == type)
            .Select(k => new InputOutputColumnPair(FeatureInputs.InputName(k) + outputSuffix, FeatureInputs.InputName(k)))
            .ToArray();

    private static string EncodedName(string inputName) => inputName + FeatureInputs.EncodedSuffix;

    private static void CheckFeatureValues(int featureCount, int rowCount)
    {
        long values = (long)featureCount * rowCount;
        if (values > CsvLimits.MaxFeatureValues)
        {
            throw new ExperimentException(
                $"The dataset would hold {CsvFormat.Number(values)} feature values " +
                $"({CsvFormat.Number(rowCount)} rows × {CsvFormat.Number(featureCount)} " +
                $"features after one-hot encoding), more than the limit of {CsvFormat.Number(CsvLimits.MaxFeatureValues)}. " +
                "Leave out categorical columns with many categories, or upload fewer rows.");
        }
    }

    /// <summary>Copies the transformed features and labels of one split into the engine's row-major arrays.</summary>
    private static DataSplit Extract(IDataView transformed, int rowCount, int featureCount)
    {
        var features = new float[(long)rowCount * featureCount];
        var labels = new byte[rowCount];
        DataViewSchema.Column featuresColumn = transformed.Schema[TabularDataset.FeaturesColumnName];
        DataViewSchema.Column labelColumn = transformed.Schema[TabularDataset.LabelColumnName];
        using DataViewRowCursor cursor = transformed.GetRowCursor([featuresColumn, labelColumn]);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(featuresColumn);
        ValueGetter<uint> getLabel = cursor.GetGetter<uint>(labelColumn);
        VBuffer<float> row = default;
        uint key = 0;
        int index = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref row);
            CopyDense(row, features.AsSpan(index * featureCount, featureCount));

            // Key k is label k − 1. Key 0 would be a value outside the key set, and `checked` turns it into an
            // exception, but the key set is built from every row's class.
            getLabel(ref key);
            labels[index] = checked((byte)(key - 1));
            index++;
        }

        return new DataSplit(features, labels, featureCount);
    }

    /// <summary>Copies <paramref name="vector"/> into <paramref name="destination"/>, with zeros where it is sparse.</summary>
    private static void CopyDense(in VBuffer<float> vector, Span<float> destination)
    {
        ReadOnlySpan<float> values = vector.GetValues();
        if (vector.IsDense)
        {
            values.CopyTo(destination);
            return;
        }

        // One-hot columns come out sparse. Only the listed indices have values, and the rest of the destination is
        // still zero because every row is written once into a new array.
        ReadOnlySpan<int> indices = vector.GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            destination[indices[i]] = values[i];
        }
    }

    /// <summary>Names each feature: the column name of a numeric feature, "column=category" for a one-hot feature.</summary>
    /// <summary>
    /// Describes how each feature is made from a raw row. A number's mean and scale are read back from the
    /// featurized training rows, z = (x − μ)·s, at the training rows with the smallest and the largest value, which
    /// keeps the rounding of the float32 features smallest; so they are what the fitted transform applies.
    /// </summary>
    private static FeatureRecipe[] FeatureRecipes(
        CsvTable table, ColumnSelection selection, List<TableDataColumn> inputs, DataViewSchema output, DataSplit train, int[] trainRows)
    {
        var recipes = new List<FeatureRecipe>(train.FeatureCount);
        for (int k = 0; k < selection.Features.Count; k++)
        {
            FeatureColumn feature = selection.Features[k];
            string columnName = table.ColumnNames[feature.Index];
            if (feature.Type != CsvColumnType.Numeric)
            {
                foreach (string category in CategoryNames(output, k))
                {
                    recipes.Add(new FeatureRecipe(columnName, FeatureRecipe.CategoryKind, null, null, category));
                }

                continue;
            }

            float[] numbers = inputs[k].Numbers!;
            int feature0 = recipes.Count;
            int lowest = -1;
            int highest = -1;
            for (int i = 0; i < trainRows.Length; i++)
            {
                float x = numbers[trainRows[i]];
                if (float.IsNaN(x))
                {
                    continue;
                }

                lowest = lowest < 0 || x < numbers[trainRows[lowest]] ? i : lowest;
                highest = highest < 0 || x > numbers[trainRows[highest]] ? i : highest;
            }

            double low = numbers[trainRows[lowest]];
            double high = numbers[trainRows[highest]];
            if (high == low)
            {
                recipes.Add(new FeatureRecipe(columnName, FeatureRecipe.NumericKind, low, 0, null));
                continue;
            }

            double zLow = train.Features[(lowest * train.FeatureCount) + feature0];
            double zHigh = train.Features[(highest * train.FeatureCount) + feature0];
            double scale = (zHigh - zLow) / (high - low);
            recipes.Add(new FeatureRecipe(columnName, FeatureRecipe.NumericKind, low - (zLow / scale), scale, null));
        }

        return [.. recipes];
    }

    private static string[] FeatureNames(CsvTable table, ColumnSelection selection, DataViewSchema output)
    {
        var names = new List<string>();
        for (int k = 0; k < selection.Features.Count; k++)
        {
            FeatureColumn feature = selection.Features[k];
            string columnName = table.ColumnNames[feature.Index];
            if (feature.Type == CsvColumnType.Numeric)
            {
                names.Add(columnName);
                continue;
            }

            foreach (string category in CategoryNames(output, k))
            {
                names.Add($"{columnName}={category}");
            }
        }

        return [.. names];
    }

    /// <summary>Returns the categories of categorical feature <paramref name="k"/>, in the order of its one-hot features.</summary>
    private static IEnumerable<string> CategoryNames(DataViewSchema output, int k)
    {
        DataViewSchema.Column encoded = output[EncodedName(FeatureInputs.InputName(k))];
        VBuffer<ReadOnlyMemory<char>> categories = default;
        encoded.GetSlotNames(ref categories);
        return categories.DenseValues().Select(category => category.ToString()).ToArray();
    }
}
