using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server;

public sealed class SocketEventTests
{
    [Fact]
    public async Task Typed_listener_binds_arguments_and_its_return_value_is_the_ack()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.On("add", (int a, int b) => a + b);
            socket.On("greet", async (Person person, CancellationToken ct) =>
            {
                await Task.Yield();
                return $"hello {person.Name} ({person.Age})";
            });
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("421[\"add\",1,2]");
        (await client.ReceiveTextAsync()).Should().Be("431[3]");
        await client.SendAsync("422[\"greet\",{\"name\":\"Ada\",\"age\":36}]");
        (await client.ReceiveTextAsync()).Should().Be("432[\"hello Ada (36)\"]");
    }

    [Fact]
    public async Task Explicit_ack_is_sent_once_in_the_namespace_and_echoes_json_as_received()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/admin").OnConnection(socket =>
            socket.On("echo", (SocketIoArguments args, SocketIoAck ack) =>
            {
                ack.IsRequested.Should().BeTrue();
                ack.Send(args.ToArray()).Should().BeTrue();
                ack.Send("again").Should().BeFalse();
            })));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync("/admin");

        await client.SendAsync("42/admin,7[\"echo\",1,\"2\",{\"3\":[true]},1e21,\"é<>&\"]");

        (await client.ReceiveTextAsync()).Should().Be("43/admin,7[1,\"2\",{\"3\":[true]},1e+21,\"é<>&\"]");
    }

    [Fact]
    public async Task Several_listeners_run_in_registration_order_and_can_be_removed()
    {
        var calls = new List<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.On("ev", () => calls.Add("first"));
            var second = socket.On("ev", () => calls.Add("second"));
            socket.On("ev", (SocketIoAck ack) =>
            {
                second.Dispose();
                ack.Send(calls.Count);
            });
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("421[\"ev\"]");
        (await client.ReceiveTextAsync()).Should().Be("431[2]");
        await client.SendAsync("422[\"ev\"]");
        (await client.ReceiveTextAsync()).Should().Be("432[3]");

        calls.Should().Equal("first", "second", "first");
    }

    [Fact]
    public async Task Binary_arguments_arrive_as_bytes_and_echo_back_as_attachments()
    {
        var received = new TaskCompletionSource<(byte[] Top, byte[] Nested)>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("upload", (SocketIoArguments args, SocketIoAck ack) =>
            {
                received.TrySetResult((args.GetValue<byte[]>(0)!, args.GetValue<FileUpload>(1)!.Content));
                ack.Send(args.ToArray());
            })));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("452-9[\"upload\",{\"_placeholder\":true,\"num\":0},{\"name\":\"a\",\"content\":{\"_placeholder\":true,\"num\":1}}]");
        await client.SendBinaryAsync([1, 2, 3]);
        await client.SendBinaryAsync([4, 5]);

        var (top, nested) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        top.Should().Equal(1, 2, 3);
        nested.Should().Equal(4, 5);
        (await client.ReceiveTextAsync()).Should().Be("462-9[{\"_placeholder\":true,\"num\":0},{\"name\":\"a\",\"content\":{\"_placeholder\":true,\"num\":1}}]");
        (await client.ReceiveAsync()).Should().Be("binary:010203");
        (await client.ReceiveAsync()).Should().Be("binary:0405");
    }

    [Fact]
    public async Task Server_emit_with_ack_gets_the_client_answer()
    {
        var answer = new TaskCompletionSource<SocketIoArguments>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(async socket =>
            answer.TrySetResult(await socket.EmitWithAckAsync("question", ["life"]))));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        (await client.ReceiveTextAsync()).Should().Be("420[\"question\",\"life\"]");
        await client.SendAsync("430[42,{\"b\":true}]");

        var args = await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        args.GetValue<int>(0).Should().Be(42);
        args.GetValue<Flag>(1)!.B.Should().BeTrue();
    }

    [Fact]
    public async Task Emit_with_ack_times_out_with_the_reference_message()
    {
        var time = new ManualTimeProvider();
        var outcome = new TaskCompletionSource<Exception>();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(async socket =>
            {
                try
                {
                    await socket.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question");
                }
                catch (Exception ex)
                {
                    outcome.TrySetResult(ex);
                }
            }),
            time: time);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        (await client.ReceiveTextAsync()).Should().Be("420[\"question\"]");

        time.Advance(TimeSpan.FromSeconds(5));

        var error = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10));
        error.Should().BeOfType<AckTimeoutException>().Which.Message.Should().Be("operation has timed out");
        await client.SendAsync("430[\"late\"]");
    }

    [Fact]
    public async Task Emit_with_ack_is_cancelled_when_the_socket_disconnects()
    {
        var outcome = new TaskCompletionSource<Exception>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(async socket =>
        {
            try
            {
                await socket.EmitWithAckAsync("question");
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
            }
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.ReceiveTextAsync();

        await client.SendAsync("41");

        (await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task Reserved_event_names_cannot_be_emitted()
    {
        var socket = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(s => socket.TrySetResult(s)));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        var s = await socket.Task.WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var name in new[] { "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener" })
        {
            s.Invoking(x => x.Emit(name)).Should().Throw<ArgumentException>().WithMessage($"\"{name}\" is a reserved event name*");
        }
    }

    [Fact]
    public async Task OnAny_sees_events_before_listeners_and_OnAnyOutgoing_sees_emits()
    {
        var log = new List<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.OnAny((name, args) => log.Add("any " + name + " " + args.Count));
            socket.PrependAny((name, _) => log.Add("prepended " + name));
            socket.OnAnyOutgoing((name, args) => log.Add("out " + name + " " + args.GetValue<string>(0)));
            socket.On("ping", () => socket.Emit("pong", "p"));
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("42[\"ping\",1,2]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"pong\",\"p\"]");

        log.Should().Equal("prepended ping", "any ping 2", "out pong p");
    }

    [Fact]
    public async Task Socket_middleware_can_drop_an_event_and_its_error_reaches_error_listeners()
    {
        var errors = new TaskCompletionSource<Exception>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.Use(async (context, next) =>
            {
                if (context.EventName == "forbidden")
                {
                    throw new UnauthorizedAccessException("nope");
                }

                if (context.EventName != "ignored")
                {
                    await next();
                }
            });
            socket.On("error", (Exception e) => errors.TrySetResult(e));
            socket.On("ignored", (SocketIoAck ack) => ack.Send("should not run"));
            socket.On("forbidden", (SocketIoAck ack) => ack.Send("should not run"));
            socket.On("allowed", (SocketIoAck ack) => ack.Send("ok"));
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("421[\"ignored\"]");
        await client.SendAsync("422[\"forbidden\"]");
        (await errors.Task.WaitAsync(TimeSpan.FromSeconds(10))).Message.Should().Be("nope");
        await client.SendAsync("423[\"allowed\"]");

        (await client.ReceiveTextAsync()).Should().Be("433[\"ok\"]");
    }

    [Fact]
    public async Task Client_namespace_disconnect_keeps_the_connection_and_fires_disconnecting_with_rooms()
    {
        var events = new List<string>();
        var done = new TaskCompletionSource();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(s => s.On("ping", () => "pong")).Of("/chat").OnConnection(socket =>
        {
            socket.Join("lobby");
            socket.On("disconnecting", (string reason) => events.Add($"disconnecting {reason} {socket.Rooms.Count}"));
            socket.On("disconnect", (string reason, Socket s) =>
            {
                events.Add($"disconnect {reason} {s.Rooms.Count} {s.Connected}");
                done.TrySetResult();
            });
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.JoinAsync("/chat");

        await client.SendAsync("41/chat,");
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        events.Should().Equal("disconnecting client namespace disconnect 2", "disconnect client namespace disconnect 0 False");
        server.Io.Of("/chat").Adapter.GetLocalRooms().Should().BeEmpty();
        await client.SendAsync("421[\"ping\"]");
        (await client.ReceiveTextAsync()).Should().Be("431[\"pong\"]", "the main namespace and the connection stay");
    }

    [Fact]
    public async Task Server_disconnect_sends_disconnect_and_close_true_closes_every_namespace_and_the_connection()
    {
        var sockets = new List<Socket>();
        var reasons = new List<string>();
        var both = new TaskCompletionSource();
        void Track(Socket socket)
        {
            // The listener first: the test disconnects a socket as soon as it is in the list.
            socket.On("disconnect", (string reason) =>
            {
                lock (reasons)
                {
                    reasons.Add(socket.Namespace.Name + " " + reason);
                }
            });

            lock (sockets)
            {
                sockets.Add(socket);
                if (sockets.Count == 2)
                {
                    both.TrySetResult();
                }
            }
        }

        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            io.OnConnection(Track);
            io.Of("/a").OnConnection(Track);
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.JoinAsync("/a");
        await both.Task.WaitAsync(TimeSpan.FromSeconds(10));

        sockets[1].Disconnect();
        (await client.ReceiveTextAsync()).Should().Be("41/a,");
        await client.JoinAsync("/a");

        // The CONNECT reply goes out before connection listeners run: wait for the third socket to be tracked.
        await Eventually.TrueAsync(() =>
        {
            lock (sockets)
            {
                return sockets.Count == 3;
            }
        });
        server.Io.Sockets.Sockets.Values.Single().Disconnect(close: true);

        (await client.ReceiveTextAsync()).Should().Match("41*");
        (await client.ReceiveTextAsync()).Should().Match("41*");
        await client.WaitForCloseAsync();
        await Eventually.TrueAsync(() =>
        {
            lock (reasons)
            {
                return reasons.Count == 3;
            }
        });
        reasons.Should().BeEquivalentTo("/a server namespace disconnect", "/ server namespace disconnect", "/a server namespace disconnect");
    }

    [Fact]
    public async Task Transport_loss_disconnects_with_the_engine_reason()
    {
        var reason = new TaskCompletionSource<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("disconnect", (string r) => reason.TrySetResult(r))));
        var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        client.Abort();

        (await reason.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeOneOf("transport close", "transport error");
        await client.DisposeAsync();
    }

    public sealed record Person(string Name, int Age);

    public sealed record FileUpload(string Name, byte[] Content);

    public sealed record Flag(bool B);
}
