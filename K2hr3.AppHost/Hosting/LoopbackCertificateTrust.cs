using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace K2hr3.AppHost.Hosting;

/// <summary>
/// Certificate check for the AppHost's own health probes of an https API/app on 127.0.0.1: the chain must end at the
/// configured CA (development CA or the user's CA file). The host name is not compared because the probe connects to
/// the loopback address, not to a name the certificate was issued for.
/// </summary>
internal sealed class LoopbackCertificateTrust(string? caFile)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || caFile is null || !File.Exists(caFile) || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        customChain.ChainPolicy.CustomTrustStore.ImportFromPemFile(caFile);
        using var leaf = new X509Certificate2(certificate);
        return customChain.Build(leaf);
    }
}
