namespace ClaudeMem.Http.Docs;

/// <summary>
/// A route that answers one status with one of several bodies (POST /v1/context: a search answer or the
/// session-start block). ASP.NET's OpenAPI keeps one type per status, so OperationConventions documents
/// these as a oneOf of the types' schemas.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AnswersOneOfAttribute(int statusCode, params Type[] types) : Attribute
{
    public int StatusCode { get; } = statusCode;
    public IReadOnlyList<Type> Types { get; } = types;
}
