using System.Security.Cryptography;
using System.Text;

namespace K2hr3.AppHost.RabbitMq;

/// <summary>
/// RabbitMQ's <c>rabbit_password_hashing_sha256</c> as used in definitions files:
/// base64(salt ‖ SHA-256(salt ‖ UTF-8 password)) with a 4-byte random salt. Lets the generated definitions file carry
/// the broker password without storing it in clear text on disk.
/// </summary>
internal static class RabbitMqPasswordHash
{
    public const string Algorithm = "rabbit_password_hashing_sha256";

    public static string Compute(string password) => Compute(password, RandomNumberGenerator.GetBytes(4));

    public static string Compute(string password, ReadOnlySpan<byte> salt)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var salted = new byte[salt.Length + passwordBytes.Length];
        salt.CopyTo(salted);
        passwordBytes.CopyTo(salted, salt.Length);
        var result = new byte[salt.Length + SHA256.HashSizeInBytes];
        salt.CopyTo(result);
        SHA256.HashData(salted, result.AsSpan(salt.Length));
        return Convert.ToBase64String(result);
    }
}
