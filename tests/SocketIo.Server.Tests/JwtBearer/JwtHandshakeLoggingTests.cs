using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.JwtBearer;

/// <summary>Tokens, their parts and the auth payload never reach the logs; failures are one structured event.</summary>
public sealed class JwtHandshakeLoggingTests
{
    [Fact]
    public async Task No_token_or_token_part_is_logged_whatever_the_outcome()
    {
        var logs = new CapturedLogs();
        await using var server = await JwtTestServer.StartAsync(logs: logs);
        string[] refused =
        [
            TestJwt.Create("ada", expires: DateTime.UtcNow.AddHours(-1)),
            TestJwt.Create("ada", key: TestJwt.OtherKey),
            TestJwt.Create("ada", audience: "someone-else"),
            TestJwt.Unsigned("ada"),
            "eyJhbGciOiJIUzI1NiJ9.not-base64-at-all!.c2lnbmF0dXJl",
        ];
        var valid = TestJwt.Create("ada");
        foreach (var token in refused)
        {
            await using var client = await RawSocketIoClient.ConnectAsync(server);
            await client.SendAsync("40" + TestJwt.Auth(token));
            (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"unauthorized\"}");
        }

        await using (var client = await RawSocketIoClient.ConnectAsync(server))
        {
            await client.JoinAsync("/", TestJwt.Auth(valid));
        }

        var text = logs.AllText();
        foreach (var token in refused.Append(valid))
        {
            foreach (var part in token.Split('.').Where(p => p.Length >= 8))
            {
                text.Should().NotContain(part);
            }
        }

        var failures = logs.Entries.Where(e => e.EventId.Id == 501).ToList();
        failures.Should().HaveCount(refused.Length);
        failures.Should().OnlyContain(e => e.Exception == null
            && e.Values["Namespace"] == "/"
            && e.Values["RemoteAddress"] == "127.0.0.1"
            && e.Values.Keys.Order().SequenceEqual(new[] { "Namespace", "RemoteAddress", "SessionId", "{OriginalFormat}" }));
        logs.Entries.Where(e => e.EventId.Id == 551).Select(e => e.Values["Reason"]).Should()
            .Contain(["SecurityTokenExpiredException", "SecurityTokenInvalidAudienceException"]);
    }
}
