using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Writes any other object the way System.Text.Json would serialize it with the server's options, but as
/// MessagePack: objects become maps of their contract's properties (names, order, ignore rules and extension data as
/// the serializer applies them), so binary members stay <c>bin</c> and dates stay timestamps. Values with a
/// converter of their own (enums, <see cref="Guid"/>, <see cref="TimeSpan"/>, custom converters, polymorphic
/// contracts, dictionaries whose keys are not strings) are serialized to JSON and that JSON is written.
/// </summary>
internal sealed class JsonContractEncoder(JsonSerializerOptions options, NotepackValueEncoder encoder)
{
    private static readonly ConcurrentDictionary<Type, object> Defaults = new();
    private static readonly ConcurrentDictionary<Type, Func<object, KeyValuePair<string, object?>>> PairReaders = new();

    /// <summary>Writes a value through its contract.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="declaredType">The type the serializer would use (a property's type); null for the runtime type.</param>
    /// <param name="depth">The value's depth.</param>
    public void Write(MessagePackWriter writer, object value, Type? declaredType, int depth)
    {
        var typeInfo = options.GetTypeInfo(ContractType(value, declaredType));
        if (typeInfo.PolymorphismOptions is not null)
        {
            WriteSerialized(writer, value, typeInfo, depth);
            return;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                WriteProperties(writer, value, typeInfo, depth);
                break;
            case JsonTypeInfoKind.Enumerable when value is IEnumerable items:
                encoder.WriteSequence(writer, items, typeInfo.ElementType, depth);
                break;
            case JsonTypeInfoKind.Dictionary when typeInfo.KeyType == typeof(string) && value is IEnumerable pairs:
                WriteDictionary(writer, pairs, typeInfo.ElementType, depth);
                break;
            default:
                WriteSerialized(writer, value, typeInfo, depth);
                break;
        }
    }

    // The serializer uses a member's declared contract, except for object-typed members (the runtime type's).
    private static Type ContractType(object value, Type? declaredType)
    {
        if (declaredType is null || declaredType == typeof(object))
        {
            return value.GetType();
        }

        return Nullable.GetUnderlyingType(declaredType) ?? declaredType;
    }

    private void WriteSerialized(MessagePackWriter writer, object value, JsonTypeInfo typeInfo, int depth) =>
        JsonDomEncoder.WriteElement(encoder, writer, JsonSerializer.SerializeToElement(value, typeInfo), depth);

    private void WriteProperties(MessagePackWriter writer, object value, JsonTypeInfo typeInfo, int depth)
    {
        NotepackValueEncoder.EnterContainer(depth);
        var properties = typeInfo.Properties;
        var entries = new PooledBuffer<MapEntry>(properties.Count);
        try
        {
            JsonElement? serialized = null;
            object? extensionData = null;
            foreach (var property in properties)
            {
                if (property.Get is not { } get || IgnoredAsReadOnly(property))
                {
                    continue;
                }

                var member = get(value);
                if (property.ShouldSerialize is { } shouldSerialize ? !shouldSerialize(value, member) : IgnoredByDefault(member, property.PropertyType))
                {
                    continue;
                }

                if (property.IsExtensionData)
                {
                    extensionData = member;
                    continue;
                }

                if (member is MessagePackUndefined)
                {
                    continue;
                }

                if (NeedsSerializer(property, typeInfo, member))
                {
                    // The member's own converter (or number handling) decides its JSON; take it from the serializer.
                    serialized ??= JsonSerializer.SerializeToElement(value, typeInfo);
                    if (serialized.Value.TryGetProperty(property.Name, out var json))
                    {
                        entries.Add(new MapEntry(property.Name, json, null));
                    }

                    continue;
                }

                entries.Add(new MapEntry(property.Name, member, property.PropertyType));
            }

            // The serializer writes extension data after the properties, flattened into the object.
            if (extensionData is IEnumerable extension)
            {
                AddPairs(ref entries, extension, null);
            }

            encoder.WriteMap(writer, entries.Items, depth);
        }
        finally
        {
            entries.Dispose();
        }
    }

    private void WriteDictionary(MessagePackWriter writer, IEnumerable pairs, Type? valueType, int depth)
    {
        var entries = new PooledBuffer<MapEntry>(pairs is ICollection collection ? collection.Count : 16);
        try
        {
            AddPairs(ref entries, pairs, valueType == typeof(object) ? null : valueType);
            encoder.WriteMap(writer, entries.Items, depth);
        }
        finally
        {
            entries.Dispose();
        }
    }

    // A JS object drops undefined members, whatever kind of dictionary held them.
    private static void AddPairs(ref PooledBuffer<MapEntry> entries, IEnumerable pairs, Type? valueType)
    {
        if (pairs is IDictionary dictionary)
        {
            var enumerator = dictionary.GetEnumerator();
            while (enumerator.MoveNext())
            {
                if (enumerator.Key is string key && enumerator.Value is not MessagePackUndefined)
                {
                    entries.Add(new MapEntry(key, enumerator.Value, valueType));
                }
            }

            return;
        }

        foreach (var pair in pairs)
        {
            if (pair is null)
            {
                continue;
            }

            var (key, item) = pair is KeyValuePair<string, object?> objectPair ? objectPair : ReadPair(pair);
            if (item is not MessagePackUndefined)
            {
                entries.Add(new MapEntry(key, item, valueType));
            }
        }
    }

    // A KeyValuePair<string, T> boxed by a non-generic enumeration, for dictionaries that only implement the generic
    // interfaces (IReadOnlyDictionary<string, T>); the reader is built once per T.
    private static KeyValuePair<string, object?> ReadPair(object pair) =>
        PairReaders.GetOrAdd(pair.GetType(), static type =>
        {
            var method = typeof(JsonContractEncoder).GetMethod(nameof(ReadTypedPair), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()[1]);
            return method.CreateDelegate<Func<object, KeyValuePair<string, object?>>>();
        })(pair);

    private static KeyValuePair<string, object?> ReadTypedPair<T>(object pair)
    {
        var typed = (KeyValuePair<string, T>)pair;
        return new KeyValuePair<string, object?>(typed.Key, typed.Value);
    }

    private bool IgnoredAsReadOnly(JsonPropertyInfo property) =>
        property.Set is null && property.AttributeProvider switch
        {
            PropertyInfo => options.IgnoreReadOnlyProperties,
            FieldInfo => options.IgnoreReadOnlyFields,
            _ => false,
        };

    // A property with its own ignore condition carries it as ShouldSerialize; the options' default is applied here.
    private bool IgnoredByDefault(object? member, Type propertyType) => options.DefaultIgnoreCondition switch
    {
        JsonIgnoreCondition.WhenWritingNull => member is null,
        JsonIgnoreCondition.WhenWritingDefault => member is null || (IsNonNullableValueType(propertyType) && member.Equals(DefaultOf(propertyType))),
        _ => false,
    };

    private bool NeedsSerializer(JsonPropertyInfo property, JsonTypeInfo owner, object? member)
    {
        if (property.CustomConverter is not null)
        {
            return true;
        }

        const JsonNumberHandling writeAffecting = JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowNamedFloatingPointLiterals;
        var handling = property.NumberHandling ?? owner.NumberHandling ?? options.NumberHandling;
        return (handling & writeAffecting) != 0
            && member is not null
            && options.GetTypeInfo(ContractType(member, property.PropertyType)).Kind != JsonTypeInfoKind.Object;
    }

    // A Nullable<T>'s default is null: a boxed 0 in an int? member is a value to write.
    private static bool IsNonNullableValueType(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null;

    private static object DefaultOf(Type valueType) =>
        Defaults.GetOrAdd(valueType, static type => RuntimeHelpers.GetUninitializedObject(type));
}
