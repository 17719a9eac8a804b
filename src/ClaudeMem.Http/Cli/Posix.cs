namespace ClaudeMem.Http.Cli;

internal static class Posix
{
    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public static void Terminate(int pid) => _ = kill(pid, SigTerm);

    public static bool IsAlive(int pid) => kill(pid, 0) == 0;
}
