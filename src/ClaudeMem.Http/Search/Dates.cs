using System.Globalization;
using System.Text.Json;
using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Search;

/// <summary>Epoch milliseconds (a number, or digits in a string) or an ISO 8601 date or time.</summary>
public static class Dates
{
    public static (long? Epoch, IResult? Error) Parse(JsonElement? value, string field)
    {
        if (value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return (null, null);
        var v = value.Value;
        if (v.ValueKind == JsonValueKind.Number)
            return v.TryGetInt64(out var n) ? Epoch(n, field) : (null, ApiErrors.Invalid(field, $"{field} must be whole epoch milliseconds"));
        if (v.ValueKind != JsonValueKind.String) return (null, ApiErrors.Invalid(field, $"{field} must be epoch milliseconds or an ISO 8601 date"));
        var text = v.GetString()!.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits)) return Epoch(digits, field);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
               && text.Length >= 10 && char.IsDigit(text[0])
            ? (date.ToUnixTimeMilliseconds(), null)
            : (null, ApiErrors.Invalid(field, $"{field} must be epoch milliseconds or an ISO 8601 date, got '{QueryText.Printable(text)}'"));
    }

    private static (long?, IResult?) Epoch(long value, string field) =>
        Check.Epoch(value, field) is { } error ? (null, error) : (value, null);
}
