using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>
/// A self-signed certificate for 127.0.0.1 and localhost, made at run time and written as PEM files for redis-server;
/// clients trust it through <see cref="CreateClientOptions"/> (a custom root, so the real chain and name checks run).
/// </summary>
public sealed class RedisTestCertificate : IDisposable
{
    private readonly string _directory;

    private RedisTestCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        _directory = directory;
        CertificateFile = Path.Combine(directory, "redis.crt");
        KeyFile = Path.Combine(directory, "redis.key");
    }

    /// <summary>The certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as a PEM file.</summary>
    public string CertificateFile { get; }

    /// <summary>The private key as a PEM file.</summary>
    public string KeyFile { get; }

    /// <summary>Makes a new certificate and its files.</summary>
    public static RedisTestCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=redis-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        var directory = Directory.CreateTempSubdirectory("redis-tls-").FullName;
        var certificate = new RedisTestCertificate(X509CertificateLoader.LoadCertificate(withKey.RawData), directory);
        File.WriteAllText(certificate.CertificateFile, withKey.ExportCertificatePem());
        File.WriteAllText(certificate.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>Client TLS options that trust this certificate only (as a root), with the usual chain and name checks.</summary>
    public SslClientAuthenticationOptions CreateClientOptions()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(Certificate);
        return new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
