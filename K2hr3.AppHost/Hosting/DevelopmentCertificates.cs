using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// Makes a development CA and a server certificate for https API/app when the user supplies none. Node's https server
/// needs PEM key, cert and CA files (k2hr3-api reads all three), which the ASP.NET developer certificate does not give.
/// </summary>
internal static class DevelopmentCertificates
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Creates <paramref name="files"/> unless they exist and the server certificate is valid for a while yet.</summary>
    /// <param name="files">Where to write the PEM key, certificate and CA certificate.</param>
    /// <param name="dnsNames">Host names the certificate covers (localhost and the container aliases).</param>
    /// <returns>True when new files were written.</returns>
    public static bool Ensure(TlsFiles files, IReadOnlyCollection<string> dnsNames, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        if (File.Exists(files.KeyFile) && File.Exists(files.CaFile) && File.Exists(files.CertFile))
        {
            using var existing = X509Certificate2.CreateFromPem(File.ReadAllText(files.CertFile));
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime + RenewBefore)
            {
                return false;
            }
        }

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=K2HR3 AppHost Development CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames.Prepend("localhost").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dnsName);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddYears(1), serial);

        Directory.CreateDirectory(Path.GetDirectoryName(files.KeyFile)!);
        WritePrivate(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(files.CertFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem() + "\n");
        return true;
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
