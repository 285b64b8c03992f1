using System.Net.Security;
using System.Net.Sockets;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>Opens the byte stream to Redis: a TCP connection, wrapped in TLS when asked.</summary>
internal static class RespTransport
{
    /// <summary>Connects to <see cref="RedisConnectionOptions.Host"/> and, with TLS, completes the handshake.</summary>
    /// <param name="options">Where to connect and how.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The socket (to close it from outside the stream) and the stream to talk over.</returns>
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        // A dual-mode socket, so a host name resolving to IPv6 and IPv4 addresses is tried on each.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(TlsOptionsFor(options), cancellationToken).ConfigureAwait(false);
            }

            return (socket, stream);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions TlsOptionsFor(RedisConnectionOptions options)
    {
        var given = options.TlsOptions;
        if (given?.TargetHost is not null)
        {
            return given;
        }

        // A copy with the target host filled in: the caller's object is left as it was.
        return given is null
            ? new SslClientAuthenticationOptions { TargetHost = options.Host }
            : new SslClientAuthenticationOptions
            {
                TargetHost = options.Host,
                AllowRenegotiation = given.AllowRenegotiation,
                AllowTlsResume = given.AllowTlsResume,
                ApplicationProtocols = given.ApplicationProtocols,
                CertificateChainPolicy = given.CertificateChainPolicy,
                CertificateRevocationCheckMode = given.CertificateRevocationCheckMode,
                CipherSuitesPolicy = given.CipherSuitesPolicy,
                ClientCertificateContext = given.ClientCertificateContext,
                ClientCertificates = given.ClientCertificates,
                EnabledSslProtocols = given.EnabledSslProtocols,
                EncryptionPolicy = given.EncryptionPolicy,
                LocalCertificateSelectionCallback = given.LocalCertificateSelectionCallback,
                RemoteCertificateValidationCallback = given.RemoteCertificateValidationCallback,
            };
    }
}
