using System.Diagnostics;
using System.Net;
using ClaudeMem.Testing;

namespace ClaudeMem.Bench.Ingest;

/// <summary>What starting either server under test shares: waiting for its readiness route, and removing its state.</summary>
public static class ServerStart
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Polls GET /api/readiness every 20 ms (the time to first answer is measured with it) until 200.</summary>
    public static async Task WaitUntilReadyAsync(ServerProcess process, Uri baseAddress, string name)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited during start:\n{process.Output}");
            if (waited.Elapsed > Timeout) throw new TimeoutException($"{name} not ready after {Timeout}:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync("api/readiness");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(20);
        }
    }

    public static void DeleteDirectory(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (IOException) { }
    }
}
