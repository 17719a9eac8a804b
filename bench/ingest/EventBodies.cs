using System.Text;
using System.Text.Json;

namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// The POST /v1/events body: a Claude Code PostToolUse hook for an Edit, about 1 KB of payload.
/// Every body differs only in its sourceEventId (unique, so each request creates an event) and
/// its occurredAtEpoch; the raw ceiling stores the very same bytes.
/// </summary>
public static class EventBodies
{
    public const string ProjectId = "bench";

    private static readonly string Payload = JsonSerializer.Serialize(new
    {
        session_id = "5f0c1d9e-8a7b-4c3d-9e2f-1a2b3c4d5e6f",
        transcript_path = "/home/dev/.claude/projects/-home-dev-shop/5f0c1d9e-8a7b-4c3d-9e2f-1a2b3c4d5e6f.jsonl",
        cwd = "/home/dev/shop",
        permission_mode = "default",
        hook_event_name = "PostToolUse",
        tool_name = "Edit",
        tool_input = new
        {
            file_path = "/home/dev/shop/src/Orders/OrderService.cs",
            old_string = "    public async Task<Order> PlaceAsync(Cart cart, CancellationToken ct)\n    {\n        var order = Order.From(cart);\n        await _orders.AddAsync(order, ct);\n        return order;\n    }",
            new_string = "    public async Task<Order> PlaceAsync(Cart cart, CancellationToken ct)\n    {\n        if (cart.Lines.Count == 0) throw new EmptyCartException(cart.Id);\n        var order = Order.From(cart, _clock.GetUtcNow());\n        await _orders.AddAsync(order, ct);\n        await _events.PublishAsync(new OrderPlaced(order.Id, order.Total), ct);\n        return order;\n    }",
            replace_all = false,
        },
        tool_response = new
        {
            filePath = "/home/dev/shop/src/Orders/OrderService.cs",
            success = true,
            structuredPatch = new[] { new { oldStart = 41, oldLines = 6, newStart = 41, newLines = 8 } },
            userModified = false,
        },
    });

    public static int PayloadBytes => Encoding.UTF8.GetByteCount(Payload);

    public static string SourceEventId(long sequence) => $"bench-{sequence}";

    /// <summary>
    /// For the side-by-side run: the TypeScript server deduplicates events on their content and
    /// ignores sourceEventId, so the payload itself carries a unique tool_use_id (as a real hook's
    /// does); the body names the project the key is bound to. Both servers get the same bodies.
    /// </summary>
    public static string UniqueBody(long sequence, string projectId) =>
        $$"""{"projectId":"{{projectId}}","sourceType":"hook","eventType":"PostToolUse","occurredAtEpoch":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"payload":{"tool_use_id":"toolu_bench_{{sequence}}",{{Payload[1..]}},"sourceEventId":"{{SourceEventId(sequence)}}"}""";

    public static string Body(long sequence) =>
        $$"""{"projectId":"{{ProjectId}}","sourceType":"hook","eventType":"PostToolUse","occurredAtEpoch":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"payload":{{Payload}},"sourceEventId":"{{SourceEventId(sequence)}}"}""";
}
