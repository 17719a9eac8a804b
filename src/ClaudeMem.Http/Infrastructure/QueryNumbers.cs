using System.Globalization;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Whole numbers read from a query string by hand: present but unparseable is a 400 naming the parameter.</summary>
public static class QueryNumbers
{
    public static (int? Value, IResult? Error) Int(IQueryCollection query, string name)
    {
        if (query[name].LastOrDefault() is not { } raw) return (null, null);
        return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (null, ApiErrors.Invalid(name, $"{name} must be a whole number"));
    }
}
