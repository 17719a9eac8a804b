using ClaudeMem.Generation.Prompts;
using Env = ClaudeMem.Generation.Providers.GenerationEnvironment;

namespace ClaudeMem.Generation.Providers;

/// <param name="Http">Null for the offline provider, which needs neither key nor network.</param>
public sealed record GenerationSettings(string Provider, ProviderOptions? Http, PromptOptions Prompt);
