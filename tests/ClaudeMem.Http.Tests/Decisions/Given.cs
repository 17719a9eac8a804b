namespace ClaudeMem.Http.Tests.Decisions;

/// <summary>
/// The "given" of a decider test: the aggregate built from a stream's past events the way Marten's inline
/// projection builds it by convention (the type's static Create for the first event, Apply for each next one),
/// so a test states its history as events, without HTTP or PostgreSQL.
/// </summary>
public static class Given
{
    /// <summary>A fixed id per test subject, so the expected events can be written out in full.</summary>
    public static Guid Id(int n) => Guid.Parse($"0199a000-0000-7000-8000-{n:D12}");

    public static T Stream<T>(object first, params object[] next) where T : class
    {
        var aggregate = (T)Call<T>("Create", null, first)!;
        foreach (var e in next) Call<T>("Apply", aggregate, e);
        return aggregate;
    }

    private static object? Call<T>(string method, T? target, object e) =>
        (typeof(T).GetMethod(method, [e.GetType()]) ?? throw new ArgumentException($"{typeof(T).Name} has no {method}({e.GetType().Name})"))
        .Invoke(target, [e]);
}
