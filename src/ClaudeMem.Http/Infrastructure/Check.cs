using System.Text.Json;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Small field checks shared by the endpoints' Validate methods; each returns the 400 to send, or null.</summary>
public static class Check
{
    public const int MaxIdLength = 200;
    public const int MaxNameLength = 100;

    public static IResult? Identifier(string? value, string field, bool required = true, int max = MaxIdLength)
    {
        if (value is null) return required ? ApiErrors.Invalid(field, $"{field} is required") : null;
        if (string.IsNullOrWhiteSpace(value)) return ApiErrors.Invalid(field, $"{field} must not be blank");
        if (value.Length > max) return ApiErrors.Invalid(field, $"{field} is longer than {max} characters");
        if (value.Any(UnsafeText.IsRefused)) return ApiErrors.Invalid(field, $"{field} must not contain control or bidirectional-override characters");
        return null;
    }

    public static IResult? OptionalObject(JsonElement? value, string field) =>
        value is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) }
            ? ApiErrors.Invalid(field, $"{field} must be a JSON object")
            : null;

    public static IResult? Epoch(long? value, string field)
    {
        if (value is null) return ApiErrors.Invalid(field, $"{field} is required (epoch milliseconds)");
        if (value < Events.EpochRange.Earliest || value > Events.EpochRange.Latest)
            return ApiErrors.Invalid(field, $"{field} must be epoch milliseconds, got {value}");
        return null;
    }

    /// <summary>The first error of several checks, in order.</summary>
    public static IResult? First(params IResult?[] checks) => checks.FirstOrDefault(c => c is not null);
}
