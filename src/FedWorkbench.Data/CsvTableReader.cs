using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>
/// Reads a CSV file into a <see cref="CsvTable"/> and checks its shape: a UTF-8 file within
/// <see cref="CsvLimits"/>, a header line with unique, non-empty names, and the same number of fields on every row.
/// </summary>
public static class CsvTableReader
{
    /// <summary>Delimiters that detection chooses from, in the order that breaks ties.</summary>
    public static IReadOnlyList<char> DetectedDelimiters { get; } = [',', ';', '\t'];

    /// <summary>Number of data records after the header that delimiter detection compares with the header.</summary>
    internal const int DetectionSampleRecords = 20;

    private const int MaxQuotedHeaderLength = 80;

    /// <summary>Characters that a header name may not contain besides control characters: a byte order mark and zero-width spaces.</summary>
    private static readonly System.Buffers.SearchValues<char> InvisibleInNames = System.Buffers.SearchValues.Create("\uFEFF\u200B\u200C\u200D\u2060");

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. Throws <see cref="ExperimentException"/> with the line, the column
    /// and the fix when the file breaks a rule; the message is meant for the person who uploaded the file.
    /// </summary>
    /// <param name="stream">The file's bytes, UTF-8 with or without a byte order mark.</param>
    /// <param name="delimiter">The delimiter to split with, or null to detect comma, semicolon or tab from the first lines.</param>
    public static CsvTable Read(Stream stream, char? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A delimiter cannot be a double quote or a line break.", nameof(delimiter));
        }

        string text = CsvText.Read(stream);
        int firstLineEnd = text.AsSpan().IndexOfAny('\r', '\n');
        if (text.AsSpan(0, firstLineEnd < 0 ? text.Length : firstLineEnd).IsWhiteSpace())
        {
            throw new ExperimentException("Line 1 is empty, but it must be the header with the column names, separated by delimiters.");
        }

        char chosen = delimiter ?? DetectDelimiter(text);
        var tokenizer = new CsvTokenizer(text, chosen);
        var fields = new List<CsvField>();
        tokenizer.ReadRecord(fields);
        string[] columnNames = ReadHeader(text, fields, chosen, delimiter is not null);
        tokenizer.ColumnNames = columnNames;
        return ReadRows(text, chosen, columnNames, tokenizer);
    }

    /// <summary>
    /// Returns the delimiter among <see cref="DetectedDelimiters"/> that splits the header into at least two columns
    /// and gives the most of the next <see cref="DetectionSampleRecords"/> records the header's field count. A tie goes
    /// to more header columns, then to the earlier delimiter in the list.
    /// </summary>
    internal static char DetectDelimiter(string text)
    {
        char best = '\0';
        int bestMatching = -1;
        int bestColumns = 0;
        foreach (char candidate in DetectedDelimiters)
        {
            (int columns, int matching) = Sample(text, candidate);
            if (columns < 2)
            {
                continue;
            }

            if (matching > bestMatching || (matching == bestMatching && columns > bestColumns))
            {
                best = candidate;
                bestMatching = matching;
                bestColumns = columns;
            }
        }

        if (best == '\0')
        {
            var tokenizer = new CsvTokenizer(text, ',');
            var fields = new List<CsvField>();
            tokenizer.ReadRecord(fields);
            string header = HeaderText(text, fields, ',');
            throw new ExperimentException(
                $"Line 1: the header {header} has only one column. A file needs a label column and at least one " +
                "feature column, separated by commas, semicolons or tabs. If the file uses another delimiter, save it " +
                "again as CSV with commas.");
        }

        return best;
    }

    /// <summary>Returns the header's field count and how many sampled records have the same count under <paramref name="delimiter"/>.</summary>
    private static (int Columns, int Matching) Sample(string text, char delimiter)
    {
        var tokenizer = new CsvTokenizer(text, delimiter);
        var fields = new List<CsvField>();
        try
        {
            tokenizer.ReadRecord(fields);
        }
        catch (ExperimentException)
        {
            // A header that this delimiter cannot even split rules it out.
            return (0, 0);
        }

        int columns = fields.Count;
        int matching = 0;
        try
        {
            for (int record = 0; record < DetectionSampleRecords && tokenizer.ReadRecord(fields) > 0; record++)
            {
                matching += fields.Count == columns ? 1 : 0;
            }
        }
        catch (ExperimentException)
        {
            // A quoting error ends the sample. Under the chosen delimiter, reading the file reports it in full.
        }

        return (columns, matching);
    }

    private static string[] ReadHeader(string text, List<CsvField> fields, char delimiter, bool delimiterGiven)
    {
        if (fields.Count == 1)
        {
            throw OneColumnHeader(text, fields, delimiter, delimiterGiven);
        }

        if (fields.Count > CsvLimits.MaxColumns)
        {
            throw new ExperimentException(
                $"Line 1: the header has {CsvFormat.Number(fields.Count)} columns, more than the limit of {CsvFormat.Number(CsvLimits.MaxColumns)}. " +
                "Remove the columns that the model does not need.");
        }

        var names = new string[fields.Count];
        var firstPosition = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int column = 0; column < fields.Count; column++)
        {
            string name = fields[column].Value(text).Trim().ToString();
            if (name.Length == 0)
            {
                throw new ExperimentException(
                    $"Line 1, column {column + 1}: the header name is empty. Give every column a name in the header line.");
            }

            // Line breaks, other control characters and a second byte order mark make names that look alike but differ.
            if (name.AsSpan().IndexOfAny(InvisibleInNames) >= 0 || name.Any(char.IsControl))
            {
                throw new ExperimentException(
                    $"Line 1, column {column + 1}: the header name contains a line break, a control character or a byte order mark. " +
                    "Give the column a name of visible characters, or save the file again as \"CSV UTF-8\" if it has two byte order marks.");
            }

            if (firstPosition.TryGetValue(name, out int first))
            {
                throw new ExperimentException(
                    $"Line 1: columns {first + 1} and {column + 1} are both named '{name}' (names are compared " +
                    "ignoring case). Give every column a unique name.");
            }

            firstPosition[name] = column;
            names[column] = name;
        }

        return names;
    }

    private static ExperimentException OneColumnHeader(string text, List<CsvField> fields, char delimiter, bool delimiterGiven)
    {
        string header = HeaderText(text, fields, delimiter);
        string raw = fields[0].Value(text).ToString();
        char? other = DetectedDelimiters.Where(candidate => candidate != delimiter && raw.Contains(candidate)).Select(c => (char?)c).FirstOrDefault();
        if (delimiterGiven && other is char found)
        {
            return new ExperimentException(
                $"Line 1: with the delimiter {CsvTokenizer.DescribeDelimiter(delimiter)}, the header {header} is one " +
                $"column, but it contains {CsvTokenizer.DescribeDelimiter(found)}. The file seems to use " +
                $"{CsvTokenizer.DescribeDelimiter(found)} as its delimiter, so choose that one or let the delimiter be detected.");
        }

        return new ExperimentException(
            $"Line 1: with the delimiter {CsvTokenizer.DescribeDelimiter(delimiter)}, the header {header} has only one " +
            "column. A file needs a label column and at least one feature column, separated by the delimiter.");
    }

    /// <summary>Returns the header line quoted for a message, shortened when long.</summary>
    private static string HeaderText(string text, List<CsvField> fields, char delimiter)
    {
        string header = fields.Count == 0 ? string.Empty : string.Join(delimiter, fields.Select(field => field.Value(text).ToString()));
        if (header.Length > MaxQuotedHeaderLength)
        {
            header = string.Concat(header.AsSpan(0, MaxQuotedHeaderLength), "…");
        }

        return $"\"{header.Replace("\t", "\\t", StringComparison.Ordinal)}\"";
    }

    /// <summary>
    /// Reads the data records after the header. Blank lines at the end of the file are ignored. A blank line followed
    /// by a data row is an error, because it would otherwise be a row of missing values.
    /// </summary>
    private static CsvTable ReadRows(string text, char delimiter, string[] columnNames, CsvTokenizer tokenizer)
    {
        int columnCount = columnNames.Length;
        var fields = new List<CsvField>(columnCount);
        var lines = new List<int>();
        var starts = new List<int>();
        var lengths = new List<int>();
        var unescaped = new List<string>();
        int firstBlankLine = 0;
        int line;
        while ((line = tokenizer.ReadRecord(fields)) > 0)
        {
            if (IsBlank(text, fields))
            {
                firstBlankLine = firstBlankLine == 0 ? line : firstBlankLine;
                continue;
            }

            if (firstBlankLine > 0)
            {
                throw new ExperimentException(
                    $"Line {firstBlankLine} is empty, but data rows follow it. Remove the empty line, or write its " +
                    $"{columnCount} fields, separated by {CsvTokenizer.DescribeDelimiter(delimiter)} and left empty where values are missing.");
            }

            if (fields.Count != columnCount)
            {
                throw RaggedRow(line, fields.Count, columnNames, delimiter);
            }

            if (lines.Count == CsvLimits.MaxRows)
            {
                throw new ExperimentException(
                    $"Line {line}: the file has more than {CsvFormat.Number(CsvLimits.MaxRows)} data rows, the limit. Upload a sample " +
                    "of the rows.");
            }

            lines.Add(line);
            foreach (CsvField field in fields)
            {
                if (field.Unescaped is null)
                {
                    starts.Add(field.Start);
                    lengths.Add(field.Length);
                }
                else
                {
                    unescaped.Add(field.Unescaped);
                    starts.Add(-unescaped.Count);
                    lengths.Add(field.Unescaped.Length);
                }
            }
        }

        if (lines.Count == 0)
        {
            throw new ExperimentException("The file has a header line but no data rows. Add the rows below the header.");
        }

        return new CsvTable(text, delimiter, columnNames, [.. lines], [.. starts], [.. lengths], [.. unescaped]);
    }

    /// <summary>Whether a record is an empty or whitespace-only line: one unquoted field of whitespace.</summary>
    private static bool IsBlank(string text, List<CsvField> fields)
        => fields.Count == 1 && !fields[0].Quoted && fields[0].Value(text).IsWhiteSpace();

    private static ExperimentException RaggedRow(int line, int fieldCount, string[] columnNames, char delimiter)
    {
        int columnCount = columnNames.Length;
        string d = CsvTokenizer.DescribeDelimiter(delimiter);
        if (fieldCount > columnCount)
        {
            return new ExperimentException(
                $"Line {line} has {fieldCount} fields, but the header has {columnCount}: field {columnCount + 1} comes " +
                $"after the last column '{columnNames[^1]}'. Put quotes around values that contain {d}, and remove extra " +
                "delimiters at the end of the line.");
        }

        return new ExperimentException(
            $"Line {line} has {fieldCount} fields, but the header has {columnCount}: it ends before column " +
            $"'{columnNames[fieldCount]}' (column {fieldCount + 1}). Add the missing fields, and leave a field empty " +
            "when its value is missing.");
    }
}
