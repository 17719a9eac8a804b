using System.Text.Json.Serialization;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Observations;

/// <summary>
/// A record of any kind a search returns, with all it holds; <c>kind</c> (written first) says which.
/// Declared as this base type wherever it is sent, so the serializer writes <c>kind</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FullObservation), SearchKinds.Observation)]
[JsonDerivedType(typeof(FullMemory), SearchKinds.Memory)]
[JsonDerivedType(typeof(FullSummary), SearchKinds.Summary)]
[JsonDerivedType(typeof(FullPrompt), SearchKinds.Prompt)]
public abstract record FullRecord;
