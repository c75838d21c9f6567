using System.Text;
using FedWorkbench.Simulation;

namespace FedWorkbench.Data.Tests;

public sealed class CsvTableReaderTests
{
    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void Read_EachDelimiter_IsDetected(char delimiter)
    {
        // Arrange
        string d = delimiter.ToString();
        string text = CsvTestFiles.Lines($"a{d}b{d}c", $"1{d}2{d}3", $"4{d}5{d}6");

        // Act
        CsvTable table = CsvTestFiles.Read(text);

        // Assert
        Assert.Equal(delimiter, table.Delimiter);
        Assert.Equal<string>(["a", "b", "c"], table.ColumnNames);
        Assert.Equal(2, table.RowCount);
        Assert.Equal("6", table.Field(1, 2).ToString());
    }

    [Fact]
    public void Read_SemicolonsWithDecimalCommas_DetectsSemicolon()
    {
        // Arrange: every record also splits into three fields on commas, but the header does not.
        string text = CsvTestFiles.Lines("name;weight;height", "x;1,5;2,5", "y;3,5;4,5");

        // Act
        CsvTable table = CsvTestFiles.Read(text);

        // Assert
        Assert.Equal(';', table.Delimiter);
        Assert.Equal("1,5", table.Field(0, 1).ToString());
    }

    [Fact]
    public void Read_CommaInsideQuotes_DoesNotOutvoteSemicolon()
    {
        // Arrange: the header has a quoted comma, so commas would split it into one field.
        string text = CsvTestFiles.Lines("\"city, country\";population", "\"Paris, France\";2100000", "\"Lyon, France\";520000");

        // Act
        CsvTable table = CsvTestFiles.Read(text);

        // Assert
        Assert.Equal(';', table.Delimiter);
        Assert.Equal<string>(["city, country", "population"], table.ColumnNames);
    }

    [Fact]
    public void Read_QuotedFields_FollowRfc4180()
    {
        // Arrange: a delimiter, a doubled quote and a line break inside quoted fields.
        string text = "id,note,value\r\n1,\"a, b\",2\r\n2,\"say \"\"hi\"\"\",3\r\n3,\"two\r\nlines\",4\r\n4,plain,5\r\n";

        // Act
        CsvTable table = CsvTestFiles.Read(text);

        // Assert
        Assert.Equal(4, table.RowCount);
        Assert.Equal("a, b", table.Field(0, 1).ToString());
        Assert.Equal("say \"hi\"", table.Field(1, 1).ToString());
        Assert.Equal("two\r\nlines", table.Field(2, 1).ToString());
        Assert.Equal("5", table.Field(3, 2).ToString());
    }

    [Fact]
    public void Read_MultiLineField_LinesCountPhysicalLines()
    {
        // Arrange: row 2 spans lines 3 and 4, so row 3 starts on line 5.
        string text = CsvTestFiles.Lines("a,b", "1,x", "2,\"first", "second\"", "3,y");

        // Act
        CsvTable table = CsvTestFiles.Read(text);

        // Assert
        Assert.Equal(2, table.LineOf(0));
        Assert.Equal(3, table.LineOf(1));
        Assert.Equal(5, table.LineOf(2));
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_IsKept()
    {
        // Act
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines("item,size", "pipe,12\" long"));

        // Assert
        Assert.Equal("12\" long", table.Field(0, 1).ToString());
    }

    [Fact]
    public void Read_ByteOrderMarkAndTrailingBlankLines()
    {
        // Arrange
        byte[] bom = [0xEF, 0xBB, 0xBF];
        byte[] bytes = [.. bom, .. Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n\n  \n\r\n")];

        // Act
        CsvTable table = CsvTableReader.Read(new MemoryStream(bytes));

        // Assert
        Assert.Equal<string>(["a", "b"], table.ColumnNames);
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void Read_LastLineWithoutLineBreak_IsRead()
    {
        // Act
        CsvTable table = CsvTestFiles.Read("a,b\n1,2\n3,4");

        // Assert
        Assert.Equal(2, table.RowCount);
        Assert.Equal("4", table.Field(1, 1).ToString());
    }

    [Fact]
    public void Read_CarriageReturnLineEnds_AreLineBreaks()
    {
        // Act
        CsvTable table = CsvTestFiles.Read("a,b\r1,2\r3,4\r");

        // Assert
        Assert.Equal(2, table.RowCount);
        Assert.Equal(3, table.LineOf(1));
    }

    [Fact]
    public void Read_HeaderNames_AreTrimmed()
    {
        // Act
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines(" age , city", "1,x"));

        // Assert
        Assert.Equal<string>(["age", "city"], table.ColumnNames);
        Assert.Equal(0, table.IndexOf("age"));
        Assert.Equal(-1, table.IndexOf("town"));
    }

    [Theory]
    [InlineData("\"x\ny\",z\n1,2\n")]
    [InlineData("\uFEFF\uFEFFx,z\n1,2\n")]
    [InlineData("a\u0007b,z\n1,2\n")]
    public void Read_InvisibleCharacterInHeader(string text)
    {
        // The reader removes one leading byte order mark, so in the second case the second one is the name's own.
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        Assert.StartsWith("Line 1, column 1: the header name contains a line break, a control character or a byte order mark.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NulByte()
    {
        // Arrange: UTF-16 without a byte order mark is valid UTF-8 with a NUL byte after every ASCII character.
        byte[] utf16 = System.Text.Encoding.BigEndianUnicode.GetBytes("x,y\n1,2\n");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTableReader.Read(new MemoryStream(utf16)));

        // Assert
        Assert.Equal(
            "Line 1 contains a NUL byte (byte offset 0), which a text file does not have. The file is probably UTF-16 or not a CSV file at all; save it as \"CSV UTF-8\".",
            error.Message);
    }

    [Fact]
    public void IndexOf_IgnoresCase()
    {
        // Names are unique ignoring case, so a lookup in any case finds the one column.
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines("Age,city", "1,x"));

        Assert.Equal(0, table.IndexOf("AGE"));
        Assert.Equal(1, table.IndexOf(" City "));
    }

    [Fact]
    public void Read_BlankLineBeforeData_NamesTheLine()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b", "1,2", "", "3,4");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 3 is empty, but data rows follow it.", error.Message);
    }

    [Fact]
    public void Read_RowWithExtraField()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b,c", "1,2,3", "4,5,6,7");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 3 has 4 fields, but the header has 3: field 4 comes after the last column 'c'.", error.Message);
        Assert.Contains("Put quotes around values that contain ','", error.Message);
    }

    [Fact]
    public void Read_RowWithMissingField()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b,c", "1,2,3", "4,5");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 3 has 2 fields, but the header has 3: it ends before column 'c' (column 3).", error.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesLineAndColumn()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b", "1,2", "3,\"open", "4,5");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 3, column 'b' (column 2): the quoted field that starts here has no closing quote.", error.Message);
    }

    [Fact]
    public void Read_TextAfterClosingQuote()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a,b,c", "1,\"x\"y,3");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 2, column 'b' (column 2): the quoted field is followed by 'y' instead of the delimiter ','", error.Message);
    }

    [Fact]
    public void Read_HeaderWithOneColumn()
    {
        // Arrange: a pipe-separated file.
        string text = CsvTestFiles.Lines("a|b|c", "1|2|3");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 1: the header \"a|b|c\" has only one column.", error.Message);
        Assert.Contains("separated by commas, semicolons or tabs", error.Message);
    }

    [Fact]
    public void Read_WrongChosenDelimiter_NamesHeaderDelimiter()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a;b;c", "1;2;3");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text, delimiter: ','));

        // Assert
        Assert.StartsWith("Line 1: with the delimiter ',', the header \"a;b;c\" is one column, but it contains ';'.", error.Message);
        Assert.Contains("so choose that one or let the delimiter be detected", error.Message);
    }

    [Fact]
    public void Read_ChosenDelimiter_IsUsed()
    {
        // Arrange: detection would pick the comma, which splits the header into more columns.
        string text = CsvTestFiles.Lines("a,x;b", "1,2;3");

        // Act
        CsvTable table = CsvTestFiles.Read(text, delimiter: ';');

        // Assert
        Assert.Equal<string>(["a,x", "b"], table.ColumnNames);
    }

    [Fact]
    public void Read_DuplicateHeaderNames_NamesBothColumns()
    {
        // Arrange: names are compared ignoring case.
        string text = CsvTestFiles.Lines("age,city,Age", "1,x,2");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 1: columns 1 and 3 are both named 'Age'", error.Message);
        Assert.Contains("Give every column a unique name.", error.Message);
    }

    [Fact]
    public void Read_EmptyHeaderName_NamesTheColumn()
    {
        // Arrange
        string text = CsvTestFiles.Lines("a, ,c", "1,2,3");

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text));

        // Assert
        Assert.StartsWith("Line 1, column 2: the header name is empty.", error.Message);
    }

    [Fact]
    public void Read_TooManyColumns_StatesLimit()
    {
        // Arrange
        int columns = CsvLimits.MaxColumns + 1;
        string header = string.Join(',', Enumerable.Range(1, columns).Select(i => $"c{i}"));
        string row = string.Join(',', Enumerable.Repeat("1", columns));

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(CsvTestFiles.Lines(header, row)));

        // Assert
        Assert.StartsWith("Line 1: the header has 201 columns, more than the limit of 200.", error.Message);
    }

    [Fact]
    public void Read_MaxColumns_IsAccepted()
    {
        // Arrange
        string header = string.Join(',', Enumerable.Range(1, CsvLimits.MaxColumns).Select(i => $"c{i}"));
        string row = string.Join(',', Enumerable.Repeat("1", CsvLimits.MaxColumns));

        // Act
        CsvTable table = CsvTestFiles.Read(CsvTestFiles.Lines(header, row));

        // Assert
        Assert.Equal(CsvLimits.MaxColumns, table.ColumnCount);
    }

    [Fact]
    public void Read_TooManyRows()
    {
        // Arrange: the row after the limit is on line MaxRows + 2, because the header is line 1.
        var text = new StringBuilder("a,b\n");
        for (int row = 0; row <= CsvLimits.MaxRows; row++)
        {
            text.Append("1,2\n");
        }

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(text.ToString()));

        // Assert
        Assert.StartsWith("Line 200002: the file has more than 200,000 data rows", error.Message);
    }

    [Fact]
    public void Read_MaxRows_IsAccepted()
    {
        // Arrange
        var text = new StringBuilder("a,b\n");
        for (int row = 0; row < CsvLimits.MaxRows; row++)
        {
            text.Append("1,2\n");
        }

        // Act
        CsvTable table = CsvTestFiles.Read(text.ToString());

        // Assert
        Assert.Equal(CsvLimits.MaxRows, table.RowCount);
        Assert.Equal(CsvLimits.MaxRows + 1, table.LineOf(CsvLimits.MaxRows - 1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_FileOverSizeLimit_StatesLimit(bool seekable)
    {
        // Arrange: a stream of unknown length is cut off after the limit.
        byte[] bytes = new byte[CsvLimits.MaxFileBytes + 1];
        bytes.AsSpan().Fill((byte)'1');
        Stream stream = seekable ? new MemoryStream(bytes) : new UnseekableStream(new MemoryStream(bytes));

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTableReader.Read(stream));

        // Assert
        Assert.StartsWith("The file is larger than 20 MiB", error.Message);
    }

    [Fact]
    public void Read_InvalidUtf8_NamesTheLine()
    {
        // Arrange: "é" in Latin-1 (0xE9) on line 3.
        byte[] bytes = [.. Encoding.UTF8.GetBytes("name,city\nx,Paris\ny,Besan"), 0xE9, .. Encoding.UTF8.GetBytes("on\n")];

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTableReader.Read(new MemoryStream(bytes)));

        // Assert
        Assert.StartsWith("Line 3 is not valid UTF-8 (byte 0xE9 at byte offset 25).", error.Message);
        Assert.Contains("Save it again as \"CSV UTF-8\"", error.Message);
    }

    [Fact]
    public void Read_Utf16File_SaysToSaveAsUtf8()
    {
        // Arrange
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a,b\n1,2\n")];

        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTableReader.Read(new MemoryStream(bytes)));

        // Assert
        Assert.StartsWith("The file is encoded as UTF-16", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_AsksForHeaderAndRows()
    {
        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read(string.Empty));

        // Assert
        Assert.StartsWith("The file is empty.", error.Message);
    }

    [Fact]
    public void Read_HeaderOnly_AsksForRows()
    {
        // Act
        var error = Assert.Throws<ExperimentException>(() => CsvTestFiles.Read("a,b\n\n"));

        // Assert
        Assert.StartsWith("The file has a header line but no data rows.", error.Message);
    }
}
