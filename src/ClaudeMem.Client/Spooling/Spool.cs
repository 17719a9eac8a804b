using System.Text.Json;
using ClaudeMem.Client.Api;

namespace ClaudeMem.Client.Spooling;

/// <summary>
/// Requests the server did not take, kept on disk until a later hook can send them. One file per
/// request, named by time, so oldest-first is a sorted listing and no lock is needed: a sender
/// claims a file by renaming it (only one process wins a rename), sends it, then deletes it.
/// Replays are harmless twice over anyway: every request carries an idempotent id.
/// </summary>
public sealed class Spool(string directory, long maxBytes, TimeProvider? clock = null)
{
    public const string EntrySuffix = ".json";
    public const string ClaimSuffix = ".sending";
    public const string DroppedFile = "dropped.count";
    public const string CorruptDirectory = "corrupt";
    /// <summary>A claim older than this belongs to a hook that died mid-send: it is taken back.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Directory => directory;

    /// <summary>Keeps a request for later; over the size cap it is dropped and counted instead.</summary>
    public bool Add(OutgoingRequest request)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var json = JsonSerializer.Serialize(new SpoolEntry(request.Method, request.Path, request.Body, request.SessionStartBody, now),
            SpoolJson.Default.SpoolEntry);
        ClientPaths.EnsurePrivateDirectory(directory);
        if (SizeInBytes() + json.Length > maxBytes)
        {
            AddToDropped(1);
            return false;
        }
        // Time first so a sorted listing is oldest first; the random part keeps concurrent hooks apart.
        var name = $"{now:D15}-{Environment.ProcessId:D7}-{Guid.NewGuid():N}{EntrySuffix}";
        ClientPaths.WritePrivateFile(Path.Combine(directory, name), json + "\n");
        return true;
    }

    public IReadOnlyList<string> PendingFiles()
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var files = System.IO.Directory.GetFiles(directory, "*" + EntrySuffix);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public int Count => PendingFiles().Count;

    public bool IsEmpty => !System.IO.Directory.Exists(directory) || !System.IO.Directory.EnumerateFiles(directory, "*" + EntrySuffix).Any();

    public long Dropped => File.Exists(DroppedPath) && long.TryParse(File.ReadAllText(DroppedPath).Trim(), out var n) ? n : 0;

    public int CorruptCount => System.IO.Directory.Exists(CorruptPath) ? System.IO.Directory.GetFiles(CorruptPath).Length : 0;

    private string DroppedPath => Path.Combine(directory, DroppedFile);
    private string CorruptPath => Path.Combine(directory, CorruptDirectory);

    /// <summary>
    /// Sends what is kept, oldest first, until the spool is empty, the server fails or the budget
    /// ends. A request the server refuses for good, and an unreadable file, are set aside and
    /// reported on <paramref name="report"/>; neither stops the replay.
    /// </summary>
    public async Task<SpoolReplay> ReplayAsync(ServerApi api, TextWriter report, CancellationToken ct)
    {
        ReclaimStale();
        int sent = 0, rejected = 0, corrupt = 0;
        foreach (var file in PendingFiles())
        {
            if (ct.IsCancellationRequested) break;
            var claim = file + $".{Environment.ProcessId}{ClaimSuffix}";
            try { File.Move(file, claim); }
            catch (IOException) { continue; } // another hook took it
            File.SetLastWriteTimeUtc(claim, _clock.GetUtcNow().UtcDateTime); // the claim's age, not the entry's

            SpoolEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(File.ReadAllText(claim), SpoolJson.Default.SpoolEntry);
                if (entry is null || string.IsNullOrEmpty(entry.Method) || string.IsNullOrEmpty(entry.Path)) throw new JsonException("missing method or path");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                SetAside(claim, file);
                corrupt++;
                report.WriteLine($"claude-mem: skipped a corrupt spool entry {Path.GetFileName(file)} ({e.Message.Split('\n')[0]}); kept in {CorruptPath}");
                continue;
            }

            var (delivery, response) = await api.DeliverAsync(entry.ToRequest(), ct);
            switch (delivery)
            {
                case Delivery.Delivered:
                    File.Delete(claim);
                    sent++;
                    break;
                case Delivery.Rejected:
                    SetAside(claim, file);
                    rejected++;
                    report.WriteLine($"claude-mem: the server refused a spooled {entry.Method} {entry.Path} ({(int?)response?.Status}); kept in {CorruptPath}");
                    break;
                default:
                    File.Move(claim, file);
                    return new SpoolReplay(sent, rejected, corrupt, Count);
            }
        }
        return new SpoolReplay(sent, rejected, corrupt, Count);
    }

    private void SetAside(string claim, string original)
    {
        ClientPaths.EnsurePrivateDirectory(CorruptPath);
        File.Move(claim, Path.Combine(CorruptPath, Path.GetFileName(original)), overwrite: true);
    }

    private void ReclaimStale()
    {
        if (!System.IO.Directory.Exists(directory)) return;
        foreach (var claim in System.IO.Directory.GetFiles(directory, "*" + ClaimSuffix))
        {
            if (_clock.GetUtcNow() - File.GetLastWriteTimeUtc(claim) < StaleClaim) continue;
            var original = claim[..claim.IndexOf(EntrySuffix + ".", StringComparison.Ordinal)] + EntrySuffix;
            try { File.Move(claim, original); } catch (IOException) { }
        }
    }

    private long SizeInBytes() =>
        System.IO.Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*" + EntrySuffix).Sum(f => f.Length)
            : 0;

    private void AddToDropped(long count)
    {
        try { ClientPaths.WritePrivateFile(DroppedPath, (Dropped + count).ToString()); }
        catch (IOException) { }
    }
}
