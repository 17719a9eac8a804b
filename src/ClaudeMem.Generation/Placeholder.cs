namespace ClaudeMem.Generation; internal static class Placeholder {}
