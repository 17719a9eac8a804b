namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Characters no identifier or query value may hold: control characters (NUL among them, which
/// PostgreSQL refuses in text) and the bidirectional overrides that make an id display as
/// another one. Query parameters and route ids are checked for every request before any
/// endpoint runs, so a bad value is a 400 naming the field and never reaches the database.
/// </summary>
public static class UnsafeText
{
    /// <remarks>U+2400 is refused too: request bodies carry NUL as "␀0" (<see cref="NulEncoding"/>), so an id sent with a NUL arrives holding it.</remarks>
    public static bool IsRefused(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or NulEncoding.Escape;

    public static bool Contains(string? value) => value is not null && value.Any(IsRefused);

    public static Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (Contains(name)) return RefuseAsync(context, "query", "a query parameter name contains control or bidirectional-override characters");
            foreach (var value in values)
                if (Contains(value)) return RefuseAsync(context, name, $"query parameter '{name}' must not contain control or bidirectional-override characters");
        }
        foreach (var (name, value) in context.Request.RouteValues)
            if (value is string text && Contains(text))
                return RefuseAsync(context, name, $"{name} must not contain control or bidirectional-override characters");
        return next(context);
    }

    private static Task RefuseAsync(HttpContext context, string field, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(new ApiErrors.Body(ApiErrors.ValidationFailed, message, field));
    }
}
