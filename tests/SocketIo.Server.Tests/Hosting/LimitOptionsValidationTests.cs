using SocketIo.Server.Engine;
using SocketIo.Server.Hosting;

namespace SocketIo.Server.Tests.Hosting;

/// <summary>The origin, cap and rate-limit options are checked at start-up, with the rest.</summary>
public class LimitOptionsValidationTests
{
    [Fact]
    public void Defaults_are_valid_and_safe()
    {
        var engine = new EngineOptions();
        var socketIo = new SocketIoServerOptions();

        new EngineOptionsValidator().Validate(null, engine).Succeeded.Should().BeTrue();
        new SocketIoServerOptionsValidator().Validate(null, socketIo).Succeeded.Should().BeTrue();
        engine.AllowAnyOrigin.Should().BeFalse();
        engine.AllowRequestsWithoutOrigin.Should().BeTrue();
        engine.MaxConnectionsPerIp.Should().Be(1_000);
        socketIo.MaxConnectionsPerUser.Should().Be(100);
        socketIo.MaxRoomsPerSocket.Should().Be(1_000);
        socketIo.MaxPendingAcksPerSocket.Should().Be(1_000);
        socketIo.InboundRateLimit.Should().BeEquivalentTo(new SocketRateLimitOptions { Burst = 1_000, PermitsPerSecond = 200, Action = RateLimitAction.Disconnect });
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://[::1]:8080")]
    [InlineData("capacitor://localhost")]
    [InlineData("null")]
    public void Origins_are_accepted(string origin)
    {
        var options = new EngineOptions();
        options.AllowedOrigins.Add(origin);

        new EngineOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/path")]
    [InlineData("https://user@app.example.com")]
    [InlineData("https://app.example.com:99999")]
    [InlineData("https://app.example.com:")]
    public void What_is_not_an_origin_is_refused(string origin)
    {
        var options = new EngineOptions();
        options.AllowedOrigins.Add(origin);

        new EngineOptionsValidator().Validate(null, options).Failed.Should().BeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Caps_must_be_positive(int value)
    {
        new EngineOptionsValidator().Validate(null, new EngineOptions { MaxConnectionsPerIp = value }).Failed.Should().BeTrue();
        var validator = new SocketIoServerOptionsValidator();
        validator.Validate(null, new SocketIoServerOptions { MaxConnectionsPerUser = value }).Failed.Should().BeTrue();
        validator.Validate(null, new SocketIoServerOptions { MaxRoomsPerSocket = value }).Failed.Should().BeTrue();
        validator.Validate(null, new SocketIoServerOptions { MaxPendingAcksPerSocket = value }).Failed.Should().BeTrue();
    }

    [Fact]
    public void Null_caps_mean_no_limit()
    {
        new EngineOptionsValidator().Validate(null, new EngineOptions { MaxConnectionsPerIp = null }).Succeeded.Should().BeTrue();
        new SocketIoServerOptionsValidator().Validate(null, new SocketIoServerOptions
        {
            MaxConnectionsPerUser = null,
            MaxRoomsPerSocket = null,
            MaxPendingAcksPerSocket = null,
            InboundRateLimit = null,
        }).Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(0, 10, RateLimitAction.Drop)]
    [InlineData(-1, 10, RateLimitAction.Drop)]
    [InlineData(double.NaN, 10, RateLimitAction.Drop)]
    [InlineData(double.PositiveInfinity, 10, RateLimitAction.Drop)]
    [InlineData(10, 0, RateLimitAction.Drop)]
    [InlineData(10, 10, (RateLimitAction)7)]
    public void Invalid_rate_limits_are_refused(double perSecond, int burst, RateLimitAction action)
    {
        var options = new SocketIoServerOptions { InboundRateLimit = new SocketRateLimitOptions { PermitsPerSecond = perSecond, Burst = burst, Action = action } };

        new SocketIoServerOptionsValidator().Validate(null, options).Failed.Should().BeTrue();
    }

    [Fact]
    public async Task An_invalid_limit_fails_start_up()
    {
        var start = () => Support.SocketIoTestServer.StartAsync(configure: o => o.MaxRoomsPerSocket = 0);

        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }
}
