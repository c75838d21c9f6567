using System.Text;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>Text of the experiment form's numeric fields: which texts parse to which value, and the messages of the rest.</summary>
public sealed class FormNumberParserTests
{
    private static readonly IntegerField Clients = new("Clients K", 1, ExperimentLimits.MaxClients);
    private static readonly IntegerField Seed = new("Seed", int.MinValue, int.MaxValue);
    private static readonly RealField LearningRate = new("Learning rate η", "0.05");
    private static readonly RealField ClientFraction = new("Client fraction C", "0.1");

    private const string SeedRange = "from −2,147,483,648 to 2,147,483,647";
    private const string ClientsRange = "from 1 to 10,000";

    public static TheoryData<string?, int> ValidIntegers => new()
    {
        { "42", 42 },
        { " 42 ", 42 },
        { "\t7\u00A0", 7 },
        { "+5", 5 },
        { "-0", 0 },
        { "-3", -3 },
        { "\u22127", -7 },
        { "007", 7 },
        { "2147483647", int.MaxValue },
        { "-2147483648", int.MinValue },
    };

    public static TheoryData<string?, IntegerField, string> InvalidIntegers => new()
    {
        { "2147483648", Seed, $"Seed: '2147483648' is not a whole number {SeedRange}." },
        { "-2147483649", Seed, $"Seed: '-2147483649' is not a whole number {SeedRange}." },
        { "1.5", Seed, $"Seed: '1.5' is not a whole number {SeedRange}." },
        { "abc", Clients, $"Clients K: 'abc' is not a whole number {ClientsRange}." },
        { "1e308", Clients, $"Clients K: '1e308' is not a whole number {ClientsRange}." },
        { "0x10", Clients, $"Clients K: '0x10' is not a whole number {ClientsRange}." },
        { "5 5", Clients, $"Clients K: '5 5' is not a whole number {ClientsRange}." },
        { "++5", Clients, $"Clients K: '++5' is not a whole number {ClientsRange}." },
        { "NaN", Clients, $"Clients K: 'NaN' is not a whole number {ClientsRange}." },
        { "1e3", Clients, "Clients K: '1e3' is not in plain digits; enter 1000 instead." },
        { "10.0", Clients, "Clients K: '10.0' is not in plain digits; enter 10 instead." },
        { "1,000", Clients, "Clients K: '1,000' contains a thousands separator; enter 1000 instead." },
        { "0,5", Clients, $"Clients K: '0,5' is not a whole number {ClientsRange}." },
        { "", Clients, $"Clients K is empty; enter a whole number {ClientsRange}." },
        { "   ", Clients, $"Clients K is empty; enter a whole number {ClientsRange}." },
        { null, Clients, $"Clients K is empty; enter a whole number {ClientsRange}." },
        { new string('9', 100_000), Clients, $"Clients K: '{new string('9', 24)}…' is not a whole number {ClientsRange}." },
        { new string('a', 100_000), Clients, $"Clients K: '{new string('a', 24)}…' is not a whole number {ClientsRange}." },
    };

    public static TheoryData<string?, double> ValidReals => new()
    {
        { "0.05", 0.05 },
        { " 0.5 ", 0.5 },
        { ".5", 0.5 },
        { "5.", 5.0 },
        { "+0.5", 0.5 },
        { "\u22120.5", -0.5 },
        { "1e-3", 0.001 },
        { "1E2", 100.0 },
        { "0e-400", 0.0 },
        { "1.7976931348623157E+308", double.MaxValue },
    };

    public static TheoryData<string?, RealField, string> InvalidReals => new()
    {
        { "NaN", LearningRate, "Learning rate η: 'NaN' is not a number; enter for example 0.05." },
        { "nan", LearningRate, "Learning rate η: 'nan' is not a number; enter for example 0.05." },
        { "Infinity", LearningRate, "Learning rate η: 'Infinity' is not a finite number; enter for example 0.05." },
        { "-Infinity", LearningRate, "Learning rate η: '-Infinity' is not a finite number; enter for example 0.05." },
        { "1e309", LearningRate, "Learning rate η: '1e309' is not a finite number; enter for example 0.05." },
        { "-1e309", LearningRate, "Learning rate η: '-1e309' is not a finite number; enter for example 0.05." },
        { "1e-400", LearningRate, "Learning rate η: '1e-400' is too close to 0 to be stored; enter for example 0.05." },
        { "0,5", ClientFraction, "Client fraction C: '0,5' is not a number; use a dot as the decimal separator, for example 0.5." },
        { "1,000.5", ClientFraction, "Client fraction C: '1,000.5' is not a number; leave out the thousands separators, for example 1000.5." },
        { "0,5,5", ClientFraction, "Client fraction C: '0,5,5' is not a number; enter for example 0.1." },
        { "abc", LearningRate, "Learning rate η: 'abc' is not a number; enter for example 0.05." },
        { "0x1p3", LearningRate, "Learning rate η: '0x1p3' is not a number; enter for example 0.05." },
        { "1/2", LearningRate, "Learning rate η: '1/2' is not a number; enter for example 0.05." },
        { "", LearningRate, "Learning rate η is empty; enter a number, for example 0.05." },
        { " \t ", LearningRate, "Learning rate η is empty; enter a number, for example 0.05." },
        { null, LearningRate, "Learning rate η is empty; enter a number, for example 0.05." },
        { new string('1', 100_000), LearningRate, $"Learning rate η: '{new string('1', 24)}…' is not a finite number; enter for example 0.05." },
        { "0." + new string('0', 100_000) + "1", LearningRate, $"Learning rate η: '0.{new string('0', 22)}…' is too close to 0 to be stored; enter for example 0.05." },
    };

    [Theory]
    [MemberData(nameof(ValidIntegers))]
    public void TryParseInteger_ValidText_ReturnsValue(string? text, int expected)
    {
        bool parsed = FormNumberParser.TryParseInteger(text, Seed, out int value, out string? error);

        Assert.True(parsed, error);
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(InvalidIntegers))]
    public void TryParseInteger_InvalidText_ReturnsMessage(string? text, IntegerField field, string expected)
    {
        bool parsed = FormNumberParser.TryParseInteger(text, field, out _, out string? error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }

    [Theory]
    [MemberData(nameof(ValidReals))]
    public void TryParseReal_ValidText_ReturnsValue(string? text, double expected)
    {
        bool parsed = FormNumberParser.TryParseReal(text, LearningRate, out double value, out string? error);

        Assert.True(parsed, error);
        Assert.Equal(expected, value);
        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(InvalidReals))]
    public void TryParseReal_InvalidText_ReturnsMessage(string? text, RealField field, string expected)
    {
        bool parsed = FormNumberParser.TryParseReal(text, field, out _, out string? error);

        Assert.False(parsed);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParseReal_NegativeZero_ReturnsPositiveZero()
    {
        bool parsed = FormNumberParser.TryParseReal("-0", LearningRate, out double value, out _);

        Assert.True(parsed);
        Assert.Equal(0.0, value);
        Assert.False(double.IsNegative(value), "-0 should become 0, so that an exported file does not contain -0.");
    }

    [Fact]
    public void TryParseInteger_LongTextOfEmoji_CutsNoSurrogatePair()
    {
        // "a" followed by emoji puts a high surrogate at the cut position.
        string text = "a" + string.Concat(Enumerable.Repeat("😀", 50));

        bool parsed = FormNumberParser.TryParseInteger(text, Clients, out _, out string? error);

        Assert.False(parsed);
        Assert.NotNull(error);
        Assert.StartsWith("Clients K: 'a" + string.Concat(Enumerable.Repeat("😀", 11)) + "…'", error);
        byte[] strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(error);
        Assert.NotEmpty(strictUtf8);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t")]
    public void TryParseOptional_BlankText_ReturnsNull(string? text)
    {
        bool integerParsed = FormNumberParser.TryParseOptionalInteger(text, Clients, out int? integer, out string? integerError);
        bool realParsed = FormNumberParser.TryParseOptionalReal(text, LearningRate, out double? real, out string? realError);

        Assert.True(integerParsed);
        Assert.Null(integer);
        Assert.Null(integerError);
        Assert.True(realParsed);
        Assert.Null(real);
        Assert.Null(realError);
    }

    [Fact]
    public void TryParseOptional_Number_ReturnsValue()
    {
        bool integerParsed = FormNumberParser.TryParseOptionalInteger(" 7 ", Clients, out int? integer, out _);
        bool realParsed = FormNumberParser.TryParseOptionalReal("2.5e1", LearningRate, out double? real, out _);

        Assert.True(integerParsed);
        Assert.Equal(7, integer);
        Assert.True(realParsed);
        Assert.Equal(25.0, real);
    }

    [Fact]
    public void TryParseOptional_InvalidText_ReturnsSameMessage()
    {
        // Text that is not blank gets the message of the non-optional parser.
        bool integerParsed = FormNumberParser.TryParseOptionalInteger("1,000", Clients, out int? integer, out string? integerError);
        bool realParsed = FormNumberParser.TryParseOptionalReal("NaN", LearningRate, out double? real, out string? realError);

        Assert.False(integerParsed);
        Assert.Null(integer);
        Assert.Equal("Clients K: '1,000' contains a thousands separator; enter 1000 instead.", integerError);
        Assert.False(realParsed);
        Assert.Null(real);
        Assert.Equal("Learning rate η: 'NaN' is not a number; enter for example 0.05.", realError);
    }
}
