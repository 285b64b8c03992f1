using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Writes a .NET value as notepack.io 3 would write the JS value it stands for: the value a Node receiver gets is
/// the one a client of this server would have got as JSON. Primitives, binaries, dates, JSON documents and the
/// common collections are written here; other objects go through their System.Text.Json contract.
/// </summary>
internal sealed class NotepackValueEncoder
{
    /// <summary>The deepest nesting written; deeper values are almost always reference cycles.</summary>
    public const int MaxDepth = 1000;

    private readonly JsonContractEncoder _contracts;

    /// <summary>Creates an encoder.</summary>
    /// <param name="options">The server's serializer settings, read-only.</param>
    public NotepackValueEncoder(JsonSerializerOptions options) => _contracts = new JsonContractEncoder(options, this);

    /// <summary>Writes one value.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="declaredType">The type System.Text.Json would serialize it as; null for its runtime type.</param>
    /// <param name="depth">How deep in the value being written this one is.</param>
    public void Write(MessagePackWriter writer, object? value, Type? declaredType, int depth)
    {
        switch (value)
        {
            case null or MessagePackUndefined:
                writer.WriteNil();
                break;
            case string text:
                writer.WriteString(text);
                break;
            case bool flag:
                writer.WriteBoolean(flag);
                break;
            case int integer:
                writer.WriteInteger(integer);
                break;
            case long integer:
                writer.WriteInteger(integer);
                break;
            case double number:
                writer.WriteNumber(number);
                break;
            case byte[] bytes:
                writer.WriteBinary(bytes);
                break;
            case Dictionary<string, object?> map:
                WriteDictionary(writer, map, depth);
                break;
            case object?[] array:
                WriteArray(writer, array, depth);
                break;
            case JsonElement element:
                JsonDomEncoder.WriteElement(this, writer, element, depth);
                break;
            case JsonNode node:
                JsonDomEncoder.WriteNode(this, writer, node, depth);
                break;
            default:
                WriteOther(writer, value, declaredType, depth);
                break;
        }
    }

    /// <summary>Writes a map of entries, in the order JS would enumerate them.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="entries">The entries (reordered in place).</param>
    /// <param name="depth">The map's depth.</param>
    public void WriteMap(MessagePackWriter writer, Span<MapEntry> entries, int depth)
    {
        EnterContainer(depth);
        JsKeyOrder.Apply(entries);
        writer.WriteMapHeader(entries.Length);
        foreach (ref readonly var entry in entries)
        {
            writer.WriteString(entry.Key);
            Write(writer, entry.Value, entry.DeclaredType, depth + 1);
        }
    }

    /// <summary>Writes an array of items.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="items">The items.</param>
    /// <param name="elementType">Their declared type, when known.</param>
    /// <param name="depth">The array's depth.</param>
    public void WriteArray(MessagePackWriter writer, ReadOnlySpan<object?> items, int depth, Type? elementType = null)
    {
        EnterContainer(depth);
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items)
        {
            Write(writer, item, elementType, depth + 1);
        }
    }

    /// <summary>Writes a sequence as an array (a sequence that is not a list is buffered first, to count it).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="items">The items.</param>
    /// <param name="elementType">Their declared type, when known.</param>
    /// <param name="depth">The array's depth.</param>
    public void WriteSequence(MessagePackWriter writer, IEnumerable items, Type? elementType, int depth)
    {
        if (items is IList list)
        {
            EnterContainer(depth);
            writer.WriteArrayHeader(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                Write(writer, list[i], elementType, depth + 1);
            }

            return;
        }

        var buffer = new PooledBuffer<object?>(items is ICollection collection ? collection.Count : 16);
        try
        {
            foreach (var item in items)
            {
                buffer.Add(item);
            }

            WriteArray(writer, buffer.Items, depth, elementType);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Throws when a container would nest deeper than <see cref="MaxDepth"/> or the stack runs short.</summary>
    /// <param name="depth">The container's depth.</param>
    public static void EnterContainer(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new InvalidOperationException($"The value nests deeper than {MaxDepth} levels; it probably contains a reference cycle.");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    private void WriteOther(MessagePackWriter writer, object value, Type? declaredType, int depth)
    {
        switch (value)
        {
            case ReadOnlyMemory<byte> memory:
                writer.WriteBinary(memory.Span);
                break;
            case Memory<byte> memory:
                writer.WriteBinary(memory.Span);
                break;
            case ArraySegment<byte> segment:
                writer.WriteBinary(segment);
                break;
            case DateTimeOffset date:
                writer.WriteTimestamp(JsDate.ToUnixMilliseconds(date));
                break;
            case DateTime date:
                writer.WriteTimestamp(JsDate.ToUnixMilliseconds(date));
                break;
            case float number:
                writer.WriteNumber(JsNumbers.FromSingle(number));
                break;
            case decimal number:
                JsNumbers.Write(writer, number);
                break;
            case uint or ushort or byte:
                writer.WriteInteger(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                break;
            case short or sbyte:
                writer.WriteInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong integer:
                writer.WriteInteger(integer);
                break;
            case char character:
                writer.WriteString([character]);
                break;
            case Half number:
                writer.WriteNumber(JsNumbers.FromHalf(number));
                break;
            case Int128 integer:
                JsNumbers.Write(writer, integer);
                break;
            case UInt128 integer:
                JsNumbers.Write(writer, integer);
                break;
            case MessagePackExtension extension:
                writer.WriteExtension(extension.Type, extension.Data);
                break;
            case JsonDocument document:
                JsonDomEncoder.WriteElement(this, writer, document.RootElement, depth);
                break;
            default:
                _contracts.Write(writer, value, declaredType, depth);
                break;
        }
    }

    private void WriteDictionary(MessagePackWriter writer, Dictionary<string, object?> map, int depth)
    {
        var entries = new PooledBuffer<MapEntry>(map.Count);
        try
        {
            foreach (var (key, item) in map)
            {
                // A JS object drops undefined members.
                if (item is not MessagePackUndefined)
                {
                    entries.Add(new MapEntry(key, item, null));
                }
            }

            WriteMap(writer, entries.Items, depth);
        }
        finally
        {
            entries.Dispose();
        }
    }
}
