using FedWorkbench.Simulation;

namespace FedWorkbench.Data;

/// <summary>
/// One field of a record: a range of the file's text, or its own string when unescaping changed it (a quoted field
/// with doubled quotes).
/// </summary>
internal readonly record struct CsvField(int Start, int Length, string? Unescaped, bool Quoted)
{
    /// <summary>Returns the field's value in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> Value(string text) => Unescaped is null ? text.AsSpan(Start, Length) : Unescaped;
}

/// <summary>
/// Splits a CSV text into records of fields as RFC 4180 defines them. A field that starts with a double quote may
/// contain the delimiter, line breaks and doubled quotes. LF, CR LF and a CR alone end a record. A quote inside an
/// unquoted field is kept as an ordinary character, as spreadsheet programs read it.
/// </summary>
internal sealed class CsvTokenizer
{
    private readonly string _text;
    private readonly char _delimiter;
    private int _position;
    private int _line = 1;

    /// <summary>Creates a tokenizer at the start of <paramref name="text"/>, the whole file.</summary>
    public CsvTokenizer(string text, char delimiter)
    {
        _text = text;
        _delimiter = delimiter;
    }

    /// <summary>Header names that error messages about data rows use; null while the header is read.</summary>
    public IReadOnlyList<string>? ColumnNames { get; set; }

    /// <summary>Whether every character has been read.</summary>
    public bool AtEnd => _position >= _text.Length;

    /// <summary>
    /// Reads the next record into <paramref name="fields"/> (which it clears first) and returns the file line on
    /// which the record starts, or 0 at the end of the text. Throws <see cref="ExperimentException"/> for a quoted
    /// field that is never closed or is followed by other characters.
    /// </summary>
    public int ReadRecord(List<CsvField> fields)
    {
        fields.Clear();
        if (AtEnd)
        {
            return 0;
        }

        int startLine = _line;
        while (true)
        {
            bool endOfRecord = _position < _text.Length && _text[_position] == '"'
                ? ReadQuotedField(fields, startLine)
                : ReadUnquotedField(fields);
            if (endOfRecord)
            {
                return startLine;
            }
        }
    }

    /// <summary>Reads an unquoted field and its terminator; returns true when the record ends after it.</summary>
    private bool ReadUnquotedField(List<CsvField> fields)
    {
        int start = _position;
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == _delimiter)
            {
                fields.Add(new CsvField(start, _position - start, null, Quoted: false));
                _position++;
                return false;
            }

            if (c is '\n' or '\r')
            {
                fields.Add(new CsvField(start, _position - start, null, Quoted: false));
                SkipLineBreak();
                return true;
            }

            _position++;
        }

        fields.Add(new CsvField(start, _position - start, null, Quoted: false));
        return true;
    }

    /// <summary>Reads a quoted field and its terminator; returns true when the record ends after it.</summary>
    private bool ReadQuotedField(List<CsvField> fields, int recordLine)
    {
        int fieldLine = _line;
        int contentStart = ++_position;
        System.Text.StringBuilder? unescaped = null;
        int segmentStart = contentStart;
        while (true)
        {
            int quote = _text.IndexOf('"', _position);
            if (quote < 0)
            {
                throw new ExperimentException(
                    $"{Location(fieldLine, fields.Count)}: the quoted field that starts here has no closing quote. Close it " +
                    "with a double quote (\"), and write a double quote inside a quoted field as two (\"\").");
            }

            CountLineBreaks(_position, quote);
            if (quote + 1 < _text.Length && _text[quote + 1] == '"')
            {
                // A doubled quote stands for one quote character.
                unescaped ??= new System.Text.StringBuilder();
                unescaped.Append(_text, segmentStart, quote + 1 - segmentStart);
                _position = quote + 2;
                segmentStart = _position;
                continue;
            }

            int contentEnd = quote;
            _position = quote + 1;
            string? value = unescaped?.Append(_text, segmentStart, contentEnd - segmentStart).ToString();
            fields.Add(new CsvField(contentStart, contentEnd - contentStart, value, Quoted: true));
            return ReadAfterClosingQuote(fields.Count - 1, recordLine);
        }
    }

    /// <summary>Skips spaces after a closing quote and reads the terminator; returns true when the record ends.</summary>
    private bool ReadAfterClosingQuote(int fieldIndex, int recordLine)
    {
        while (_position < _text.Length && _text[_position] == ' ' && _delimiter != ' ')
        {
            _position++;
        }

        if (_position >= _text.Length)
        {
            return true;
        }

        char c = _text[_position];
        if (c == _delimiter)
        {
            _position++;
            return false;
        }

        if (c is '\n' or '\r')
        {
            SkipLineBreak();
            return true;
        }

        string character = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
        throw new ExperimentException(
            $"{Location(_line, fieldIndex)}: the quoted field is followed by '{character}' instead of the delimiter " +
            $"{DescribeDelimiter(_delimiter)} or the end of the line (the record starts on line {recordLine}). Put the " +
            "whole field in quotes, and write a double quote inside it as two (\"\").");
    }

    private void SkipLineBreak()
    {
        if (_text[_position] == '\r' && _position + 1 < _text.Length && _text[_position + 1] == '\n')
        {
            _position++;
        }

        _position++;
        _line++;
    }

    /// <summary>Counts the line breaks in [from, to) of a quoted field, so later records report their own line.</summary>
    private void CountLineBreaks(int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            char c = _text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= _text.Length || _text[i + 1] != '\n')))
            {
                _line++;
            }
        }
    }

    private string Location(int line, int fieldIndex)
    {
        string column = ColumnNames is not null && fieldIndex < ColumnNames.Count
            ? $"column '{ColumnNames[fieldIndex]}' (column {fieldIndex + 1})"
            : $"column {fieldIndex + 1}";
        return $"Line {line}, {column}";
    }

    /// <summary>Returns how a delimiter is written in messages: the quoted character, or "tab".</summary>
    public static string DescribeDelimiter(char delimiter) => delimiter == '\t' ? "tab" : $"'{delimiter}'";
}
