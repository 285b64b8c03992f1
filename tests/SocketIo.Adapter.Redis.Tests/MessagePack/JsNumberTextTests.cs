using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.MessagePack.Support;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

public class JsNumberTextTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(100.0, "100")]
    [InlineData(1.5, "1.5")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123e-20, "1.23e-18")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Prints_numbers_as_js_String_does(double value, string expected) => JsNumberText.ToString(value).Should().Be(expected);

    [Fact]
    public void Prints_minus_zero_as_zero() => JsNumberText.ToString(-0.0).Should().Be("0");

    [Fact]
    public void Prints_every_finite_number_as_the_servers_json_formatter_does_and_round_trips()
    {
        Prop.ForAll(MessagePackSamples.Doubles.Where(double.IsFinite).ToArbitrary(), value =>
        {
            Span<byte> ours = stackalloc byte[JsNumberText.MaxLength];
            Span<byte> servers = stackalloc byte[JsNumberFormatter.MaxLength];
            var text = Encoding.ASCII.GetString(ours[..JsNumberText.FormatFinite(value, ours)]);

            return text == Encoding.ASCII.GetString(servers[..JsNumberFormatter.Format(value, servers)])
                && double.Parse(text, CultureInfo.InvariantCulture) == value;
        }).QuickCheckThrowOnFailure();
    }
}
