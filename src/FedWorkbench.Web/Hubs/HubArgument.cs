using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.SignalR;

namespace FedWorkbench.Web.Hubs;

/// <summary>
/// One hub method argument that the hub method receives as raw JSON and binds itself. SignalR's own binding rejects
/// a value of the wrong JSON kind before the method runs, with "Failed to invoke '…' due to an error on the server.",
/// which names neither the field nor the value. <see cref="Bind"/> uses the JSON protocol's serializer options, so
/// valid input binds exactly as before, and turns a <see cref="JsonException"/> into a <see cref="HubException"/>
/// that names the field, the value received and the value expected.
/// </summary>
/// <typeparam name="T">The contract type the argument binds to.</typeparam>
/// <param name="name">The argument's name, used in messages for a wrong value at the top level.</param>
/// <param name="meanings">
/// Short explanations of fields, added in brackets after the expected kind. The keys are field paths relative to
/// the argument with indices written as <c>[]</c>, such as <c>changes[].kind</c>; the empty key is the argument itself.
/// </param>
/// <remarks>
/// This only checks the JSON shape and types. Semantic checks (ranges, ids, limits) stay in the services, which
/// remain the only source of those messages.
/// </remarks>
internal sealed class HubArgument<T>(string name, IReadOnlyDictionary<string, string>? meanings = null)
{
    /// <summary>The argument's name in messages.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// Deserializes <paramref name="value"/> to <typeparamref name="T"/>. Raises a <see cref="HubException"/> naming
    /// the field when the JSON has the wrong kind or range for it, and logs that at Debug.
    /// </summary>
    public T? Bind(JsonElement value, JsonSerializerOptions options, ILogger logger, string connectionId, string method)
    {
        try
        {
            // SignalR rejects a call with a missing argument itself, so only code passing default(JsonElement) gets here.
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                throw new HubException($"{Name} is missing. Send {HubArgumentText.Expected(typeof(T), null, options)}{Meaning("")}.");
            }

            return value.Deserialize<T>(options);
        }
        catch (JsonException ex)
        {
            string message = Describe(value, ex.Path, options);
            HubLog.HubArgumentInvalid(logger, connectionId, method, Name, message);
            throw new HubException(message);
        }
        catch (HubException ex)
        {
            HubLog.HubArgumentInvalid(logger, connectionId, method, Name, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Returns the message for a value that failed to bind at the JSON path <paramref name="path"/>, such as
    /// <c>$.changes[0].kind</c> from <see cref="JsonException.Path"/>.
    /// </summary>
    internal string Describe(JsonElement value, string? path, JsonSerializerOptions options)
    {
        List<object>? segments = HubArgumentText.ParsePath(path);
        if (segments is null || !HubArgumentText.TryResolve(value, typeof(T), segments, options, out JsonElement received, out Type fieldType))
        {
            // NOTE: only reached when System.Text.Json reports a path that is not in the received JSON or the contract.
            return $"{Name} could not be read at {path ?? "an unknown position"}. Send {HubArgumentText.Expected(typeof(T), null, options)}{Meaning("")}.";
        }

        string field = segments.Count == 0 ? Name : HubArgumentText.FieldName(segments);
        string expected = HubArgumentText.Expected(fieldType, received, options);
        return $"{field} must be {expected}{Meaning(HubArgumentText.MeaningKey(segments))}, but it was {HubArgumentText.Received(received)}.";
    }

    private string Meaning(string key) =>
        meanings is not null && meanings.TryGetValue(key, out string? meaning) ? $" ({meaning})" : "";
}

/// <summary>The texts of <see cref="HubArgument{T}"/> messages: field paths, expected kinds and received values.</summary>
internal static class HubArgumentText
{
    private const int MaxShownLength = 40;

    /// <summary>
    /// Splits a JSON path as <see cref="JsonException.Path"/> writes it (<c>$.a.b[0]['c d']</c>) into property names
    /// (strings) and array indices (ints). Returns null for a path of another form.
    /// </summary>
    public static List<object>? ParsePath(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<object>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    return null;
                }

                segments.Add(index);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }

    /// <summary>
    /// Follows <paramref name="segments"/> through both the received JSON and the contract type, giving the value
    /// found and the type it should have bound to, and writes each property name as the contract spells it.
    /// Returns false when either has no such field.
    /// </summary>
    public static bool TryResolve(JsonElement root, Type rootType, List<object> segments, JsonSerializerOptions options, out JsonElement received, out Type fieldType)
    {
        received = root;
        fieldType = rootType;
        for (int i = 0; i < segments.Count; i++)
        {
            object segment = segments[i];
            JsonTypeInfo info = options.GetTypeInfo(Nullable.GetUnderlyingType(fieldType) ?? fieldType);
            if (segment is int index)
            {
                if (info.Kind != JsonTypeInfoKind.Enumerable || info.ElementType is null
                    || received.ValueKind != JsonValueKind.Array || index >= received.GetArrayLength())
                {
                    return false;
                }

                received = received[index];
                fieldType = info.ElementType;
                continue;
            }

            string property = (string)segment;
            if (received.ValueKind != JsonValueKind.Object || !TryGetProperty(received, property, out received))
            {
                return false;
            }

            if (info.Kind == JsonTypeInfoKind.Dictionary && info.ElementType is not null)
            {
                fieldType = info.ElementType;
            }
            else if (info.Kind == JsonTypeInfoKind.Object
                && info.Properties.FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase)) is { } match)
            {
                fieldType = match.PropertyType;
                segments[i] = match.Name;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns the field path for messages, relative to the argument: <c>changes[0].kind</c>.</summary>
    public static string FieldName(List<object> segments)
    {
        var text = new StringBuilder();
        foreach (object segment in segments)
        {
            if (segment is int index)
            {
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(Shorten((string)segment));
            }
        }

        return text.ToString();
    }

    /// <summary>Returns the key of a field in the meanings table: the field path with every index written as <c>[]</c>.</summary>
    public static string MeaningKey(List<object> segments)
    {
        var text = new StringBuilder();
        foreach (object segment in segments)
        {
            text.Append(segment is int ? "[]" : (text.Length == 0 ? "" : ".") + (string)segment);
        }

        return text.ToString();
    }

    /// <summary>
    /// Describes what a value of <paramref name="type"/> looks like in JSON. When a number was received for an
    /// integer type, the description names what was wrong with it: the range, or the form of a whole number.
    /// </summary>
    public static string Expected(Type type, JsonElement? received, JsonSerializerOptions options)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return $"{Expected(underlying, received, options)} or null";
        }

        JsonElement? number = received?.ValueKind == JsonValueKind.Number ? received : null;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(Guid) => "a GUID string such as \"0f8fad5b-d9cb-469f-a165-70867728950e\"",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) => WholeNumber(number, Invariant($"from {int.MinValue:N0} to {int.MaxValue:N0}")),
            _ when type == typeof(long) => WholeNumber(number, Invariant($"from {long.MinValue:N0} to {long.MaxValue:N0}")),
            _ when type == typeof(double) => "a number",
            _ when type == typeof(JsonElement) => "any JSON value",
            _ => options.GetTypeInfo(type).Kind switch
            {
                JsonTypeInfoKind.Enumerable => "an array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
                _ => $"a valid {type.Name} value",
            },
        };
    }

    /// <summary>Describes a received JSON value: its kind, and for strings and numbers a bounded copy of it.</summary>
    public static string Received(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString())}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "missing",
    };

    /// <summary>
    /// Returns a bounded prefix of a client's text for messages and logs, with control, format (zero-width,
    /// direction) and separator characters replaced by '?', so it cannot forge or reorder log lines.
    /// </summary>
    public static string Shorten(string? value)
    {
        if (value is null)
        {
            return "";
        }

        string prefix = value.Length > MaxShownLength ? value[..MaxShownLength] : value;
        var cleaned = new StringBuilder(prefix.Length + 1);
        foreach (char c in prefix)
        {
            bool hidden = char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
            cleaned.Append(hidden ? '?' : c);
        }

        return value.Length > MaxShownLength ? cleaned.Append('…').ToString() : cleaned.ToString();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    // The JSON protocol reads property names case-insensitively, so the lookup does too.
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    // A number without a fraction or exponent failed only because of its range; System.Text.Json also rejects a
    // whole value such as 1.0 or 1e3 for an integer type.
    private static string WholeNumber(JsonElement? number, string range)
    {
        if (number is null)
        {
            return "a whole number";
        }

        string text = number.Value.GetRawText();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            return $"a whole number {range}";
        }

        bool whole = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value) && value == Math.Floor(value);
        return whole ? "a whole number written without a decimal point or exponent" : "a whole number";
    }
}
