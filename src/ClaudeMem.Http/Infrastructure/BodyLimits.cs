using Microsoft.AspNetCore.Http.Features;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Refuses oversize bodies with a JSON 413 before anything is read. A body without a declared
/// length is capped while it is read, and ErrorMapping turns its overflow into the same 413.
/// </summary>
public static class BodyLimits
{
    public const string BatchPath = "/v1/events/batch";

    public static Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.Request.Path.StartsWithSegments(BatchPath) ? ServerApp.MaxBatchBodyBytes : ServerApp.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
            return ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrors.PayloadTooLarge,
                $"request body is {context.Request.ContentLength} bytes; this route accepts at most {limit}");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        // Kestrel caps a chunked body through the feature above; a host without it (the in-memory
        // test server, some proxies' adapters) would read without end, so count the bytes here too.
        if (context.Request.ContentLength is null)
            context.Request.Body = new CappedBody(context.Request.Body, limit);
        return next(context);
    }

    /// <summary>A request body that refuses (413) past its limit; ErrorMapping writes the JSON answer.</summary>
    private sealed class CappedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException($"request body exceeds {limit} bytes", StatusCodes.Status413PayloadTooLarge)
                : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
