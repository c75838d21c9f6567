using System.Globalization;
using System.Text;
using Onnx;
using static FedWorkbench.Data.Onnx.OnnxGraphParts;

namespace FedWorkbench.Data.Onnx;

/// <summary>One graph input of a table model: the raw values of one CSV column.</summary>
/// <param name="Name">The input's name: the column name, or a C identifier made from it.</param>
/// <param name="Column">The CSV column whose values the input takes.</param>
internal sealed record RawColumnInput(string Name, string Column);

/// <summary>
/// Adds to a table model's graph one input per raw CSV column and the nodes that turn those inputs into the
/// features of the first layer, applying the <see cref="FeatureRecipe"/> rules as <see cref="TabularFeaturizer"/> does.
/// </summary>
/// <remarks>
/// Every input has shape [N, 1]. A numeric column is float32 with NaN for a missing value, and
/// (Where(IsNaN(x), μ, x) − μ) · scale makes a missing value exactly 0. A categorical column is a string tensor of
/// the trimmed raw values. An ai.onnx.ml LabelEncoder maps each category to its position k among the column's K
/// categories, each spelling of a missing value in <see cref="MissingTexts"/> to the position of
/// <see cref="TabularFeaturizer.MissingCategory"/>, and any other text to −1. Equal against 0..K−1 and a Cast then
/// give the K indicators, which are all 0 for a category not seen in training. Concat joins the features in recipe
/// order.
/// </remarks>
internal static class RawRowPreparation
{
    /// <summary>Domain of the LabelEncoder operator.</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>Version of <see cref="MlDomain"/> that the graph imports, the first with LabelEncoder 2 (string keys, int64 values).</summary>
    public const int MlOpsetVersion = 2;

    /// <summary>
    /// Every text that <see cref="CsvValues.IsMissing"/> reads as missing: the empty text and each ASCII upper- and
    /// lower-case spelling of each marker. It compares with <see cref="StringComparison.OrdinalIgnoreCase"/>, under
    /// which no non-ASCII character equals a letter of the markers, so the list is complete; a test checks it for
    /// every UTF-16 code unit.
    /// </summary>
    public static IReadOnlyList<string> MissingTexts { get; } = CreateMissingTexts();

    /// <summary>
    /// Adds the inputs, initializers and nodes to <paramref name="graph"/>, ending in the float32 [N, F] tensor
    /// <paramref name="featuresName"/>, and returns the inputs in the order of their columns' first features.
    /// Input names avoid <paramref name="reservedNames"/>, and every intermediate name contains a dot, so that it
    /// cannot equal an input name.
    /// </summary>
    /// <remarks>
    /// NOTE: a dot breaks the ONNX IR's rule that names are C identifiers, as the dense layers' names such as
    /// dense0.weight already do. ONNX Runtime 1.32 accepts such names, and the inputs, which callers name, keep the rule.
    /// </remarks>
    /// <exception cref="ArgumentException">A recipe is incomplete, or a column's recipes are not adjacent.</exception>
    public static IReadOnlyList<RawColumnInput> Add(
        GraphProto graph, IReadOnlyList<FeatureRecipe> recipes, string featuresName, IReadOnlySet<string> reservedNames)
    {
        List<ColumnFeatures> columns = GroupByColumn(recipes);
        var takenNames = new HashSet<string>(reservedNames, StringComparer.Ordinal);
        var inputs = new List<RawColumnInput>(columns.Count);
        var blocks = new List<string>(columns.Count);
        foreach (ColumnFeatures column in columns)
        {
            string input = InputName(column.Column, takenNames);
            inputs.Add(new RawColumnInput(input, column.Column));
            TensorProto.Types.DataType type = column.IsNumeric ? TensorProto.Types.DataType.Float : TensorProto.Types.DataType.String;
            graph.Input.Add(TensorValue(input, type, 1));
            blocks.Add(column.IsNumeric ? AddNumeric(graph, input, column.Recipes[0]) : AddCategories(graph, input, column.Recipes));
        }

        graph.Node.Add(new NodeProto
        {
            Name = featuresName,
            OpType = "Concat",
            Input = { blocks },
            Output = { featuresName },
            Attribute = { IntAttribute("axis", 1) },
        });
        return inputs;
    }

    /// <summary>Adds (Where(IsNaN(x), μ, x) − μ) · scale and returns the name of its float32 [N, 1] output.</summary>
    private static string AddNumeric(GraphProto graph, string input, FeatureRecipe recipe)
    {
        string mean = $"{input}.mean";
        string scale = $"{input}.scale";
        graph.Initializer.Add(FloatScalar(mean, (float)recipe.Mean!.Value));
        graph.Initializer.Add(FloatScalar(scale, (float)recipe.Scale!.Value));

        // A missing value becomes μ before the subtraction, so μ − μ gives exactly 0 whatever the scale.
        graph.Node.Add(Node("IsNaN", $"{input}.is_missing", input));
        graph.Node.Add(Node("Where", $"{input}.filled", $"{input}.is_missing", mean, input));
        graph.Node.Add(Node("Sub", $"{input}.centered", $"{input}.filled", mean));
        graph.Node.Add(Node("Mul", $"{input}.feature", $"{input}.centered", scale));
        return $"{input}.feature";
    }

    /// <summary>Adds the one-hot encoding of a categorical column and returns the name of its float32 [N, K] output.</summary>
    private static string AddCategories(GraphProto graph, string input, List<FeatureRecipe> recipes)
    {
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int k = 0; k < recipes.Count; k++)
        {
            codes[recipes[k].Category!] = k;
        }

        // The featurizer reads every missing spelling as the missing category before it encodes, so those texts follow
        // that category, and encode as −1 (no indicator set) when training saw no missing value.
        int missing = recipes.FindIndex(recipe => recipe.Category == TabularFeaturizer.MissingCategory);
        foreach (string text in MissingTexts)
        {
            if (missing >= 0)
            {
                codes[text] = missing;
            }
            else
            {
                codes.Remove(text);
            }
        }

        string index = $"{input}.category_index";
        string positions = $"{input}.category_positions";
        graph.Node.Add(new NodeProto
        {
            Name = index,
            OpType = "LabelEncoder",
            Domain = MlDomain,
            Input = { input },
            Output = { index },
            Attribute =
            {
                StringsAttribute("keys_strings", codes.Keys),
                IntsAttribute("values_int64s", codes.Values),
                IntAttribute("default_int64", -1),
            },
        });
        graph.Initializer.Add(Int64Vector(positions, [.. Enumerable.Range(0, recipes.Count).Select(k => (long)k)]));

        // [N, 1] against [K] broadcasts to [N, K]: indicator k is index == k.
        graph.Node.Add(Node("Equal", $"{input}.indicators", index, positions));
        NodeProto cast = Node("Cast", $"{input}.features", $"{input}.indicators");
        cast.Attribute.Add(IntAttribute("to", (long)TensorProto.Types.DataType.Float));
        graph.Node.Add(cast);
        return $"{input}.features";
    }

    /// <summary>
    /// Returns <paramref name="column"/> when it is a C identifier, as the ONNX IR requires of names, and else the
    /// column with each other character replaced by '_' and a leading '_' before a digit. A name in
    /// <paramref name="takenNames"/> gets the first free suffix _2, _3, …. The result is added to the taken names.
    /// </summary>
    private static string InputName(string column, HashSet<string> takenNames)
    {
        var builder = new StringBuilder(column.Length + 1);
        foreach (char c in column)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        string identifier = builder.ToString();
        string name = identifier;
        for (int suffix = 2; !takenNames.Add(name); suffix++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{identifier}_{suffix}");
        }

        return name;
    }

    /// <summary>
    /// Groups the recipes by column, in feature order. Throws <see cref="ArgumentException"/> for a recipe that lacks
    /// a value its kind needs, and for a column whose recipes are not adjacent, mix kinds or repeat a category, or
    /// that is numeric and has more than one recipe.
    /// </summary>
    private static List<ColumnFeatures> GroupByColumn(IReadOnlyList<FeatureRecipe> recipes)
    {
        var columns = new List<ColumnFeatures>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        for (int feature = 0; feature < recipes.Count; feature++)
        {
            FeatureRecipe recipe = recipes[feature] ?? throw InvalidRecipe(feature, "is null");
            bool isNumeric = CheckRecipe(recipe, feature);
            if (!isNumeric && columns.Count > 0 && columns[^1] is { IsNumeric: false } last && last.Column == recipe.Column)
            {
                if (last.Recipes.Any(other => other.Category == recipe.Category))
                {
                    throw InvalidRecipe(feature, $"repeats category '{recipe.Category}' of column '{recipe.Column}'");
                }

                last.Recipes.Add(recipe);
                continue;
            }

            if (!seenColumns.Add(recipe.Column))
            {
                throw InvalidRecipe(feature, $"is of column '{recipe.Column}', which an earlier feature already uses");
            }

            columns.Add(new ColumnFeatures(recipe.Column, isNumeric, [recipe]));
        }

        return columns;
    }

    /// <summary>Returns whether <paramref name="recipe"/> is numeric, after checking that it has what its kind needs.</summary>
    private static bool CheckRecipe(FeatureRecipe recipe, int feature)
    {
        if (string.IsNullOrEmpty(recipe.Column))
        {
            throw InvalidRecipe(feature, "has no column name");
        }

        switch (recipe.Kind)
        {
            case FeatureRecipe.NumericKind:
                if (recipe is not { Mean: double mean, Scale: double scale } || !float.IsFinite((float)mean) || !float.IsFinite((float)scale))
                {
                    throw InvalidRecipe(
                        feature,
                        $"of numeric column '{recipe.Column}' has mean {Describe(recipe.Mean)} and scale {Describe(recipe.Scale)}, "
                        + "but both must be finite float32 numbers");
                }

                return true;
            case FeatureRecipe.CategoryKind:
                if (recipe.Category is null)
                {
                    throw InvalidRecipe(feature, $"of column '{recipe.Column}' has no category");
                }

                return false;
            default:
                throw InvalidRecipe(
                    feature, $"has kind '{recipe.Kind}', but the kind must be '{FeatureRecipe.NumericKind}' or '{FeatureRecipe.CategoryKind}'");
        }
    }

    private static string Describe(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    private static ArgumentException InvalidRecipe(int feature, string problem) => new(
        $"Feature recipe {feature} {problem}. Pass the recipes that TabularDataset.FeatureRecipes returns: each column's "
        + "features adjacent, one per numeric column and one per category.",
        "options");

    private static string[] CreateMissingTexts()
    {
        var texts = new List<string> { string.Empty };
        foreach (string marker in CsvValues.MissingMarkers)
        {
            char[] lower = marker.ToLowerInvariant().ToCharArray();
            int[] letters = [.. Enumerable.Range(0, lower.Length).Where(i => char.IsAsciiLetter(lower[i]))];

            // Bit b of the variant upper-cases letter b, so the 2^letters variants are all the spellings.
            for (int variant = 0; variant < 1 << letters.Length; variant++)
            {
                char[] spelling = (char[])lower.Clone();
                for (int bit = 0; bit < letters.Length; bit++)
                {
                    if ((variant & (1 << bit)) != 0)
                    {
                        spelling[letters[bit]] = char.ToUpperInvariant(spelling[letters[bit]]);
                    }
                }

                texts.Add(new string(spelling));
            }
        }

        return [.. texts.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The recipes of one CSV column, which become one graph input.</summary>
    private sealed record ColumnFeatures(string Column, bool IsNumeric, List<FeatureRecipe> Recipes);
}
