namespace ClaudeMem.Events; internal static class Placeholder {}
