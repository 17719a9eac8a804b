namespace ClaudeMem.Generation.Providers;

/// <summary>Either a value or a classified error, never both.</summary>
public sealed record GenerationResult<T>
{
    private GenerationResult(T? value, GenerationError? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public GenerationError? Error { get; }
    public bool IsSuccess => Error is null;

    /// <summary>Tokens the provider reported for this answer (prompt and completion), when it reports them.</summary>
    public long? Tokens { get; init; }

    public static GenerationResult<T> Success(T value) => new(value, null);
    public static GenerationResult<T> Failure(GenerationError error) => new(default, error);
}
