using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// The little MessagePack the scripts' <c>cmsgpack.unpack</c> needs for their ARGV: nil, booleans,
/// integers, doubles, strings, arrays and string-keyed maps. Maps are ordered key/value lists so
/// callers decide the order and can leave absent values out (Lua tables cannot hold nil).
/// </summary>
internal static class MsgPack
{
    public static byte[] Pack(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> output, object? value)
    {
        switch (value)
        {
            case null: WriteByte(output, 0xc0); break;
            case bool b: WriteByte(output, b ? (byte)0xc3 : (byte)0xc2); break;
            case int i: WriteInteger(output, i); break;
            case long l: WriteInteger(output, l); break;
            case double d: WriteDouble(output, d); break;
            case string s: WriteString(output, s); break;
            case IEnumerable<KeyValuePair<string, object?>> map: WriteMap(output, map.ToList()); break;
            case IEnumerable<string> strings: WriteArray(output, strings.Cast<object?>().ToList()); break;
            case IEnumerable<object?> items: WriteArray(output, items.ToList()); break;
            default: throw new ArgumentException($"cannot msgpack a {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteByte(ArrayBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteInteger(ArrayBufferWriter<byte> output, long value)
    {
        if (value is >= 0 and <= 0x7f) { WriteByte(output, (byte)value); return; }
        if (value is < 0 and >= -32) { WriteByte(output, (byte)(0xe0 | (value + 32))); return; }
        var span = output.GetSpan(9);
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            span[0] = 0xd2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            output.Advance(5);
        }
        else
        {
            span[0] = 0xd3;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            output.Advance(9);
        }
    }

    private static void WriteDouble(ArrayBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        output.Advance(9);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteHeader(output, length, fixMarker: 0xa0, fixLimit: 31, marker8: 0xd9, marker16: 0xda, marker32: 0xdb);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    private static void WriteArray(ArrayBufferWriter<byte> output, List<object?> items)
    {
        WriteHeader(output, items.Count, fixMarker: 0x90, fixLimit: 15, marker8: null, marker16: 0xdc, marker32: 0xdd);
        foreach (var item in items) Write(output, item);
    }

    private static void WriteMap(ArrayBufferWriter<byte> output, List<KeyValuePair<string, object?>> entries)
    {
        WriteHeader(output, entries.Count, fixMarker: 0x80, fixLimit: 15, marker8: null, marker16: 0xde, marker32: 0xdf);
        foreach (var (key, value) in entries)
        {
            WriteString(output, key);
            Write(output, value);
        }
    }

    private static void WriteHeader(ArrayBufferWriter<byte> output, int length, byte fixMarker, int fixLimit,
        byte? marker8, byte marker16, byte marker32)
    {
        var span = output.GetSpan(5);
        if (length <= fixLimit)
        {
            span[0] = (byte)(fixMarker | length);
            output.Advance(1);
        }
        else if (marker8 is { } m8 && length <= byte.MaxValue)
        {
            span[0] = m8;
            span[1] = (byte)length;
            output.Advance(2);
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = marker16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            output.Advance(3);
        }
        else
        {
            span[0] = marker32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            output.Advance(5);
        }
    }
}
