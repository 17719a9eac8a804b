using System.Security.Cryptography;
using System.Text;

namespace ClaudeMem.Http.Auth;

public static class ApiKeySecrets
{
    public const string Prefix = "cmem_";
    private const int SecretBytes = 24;

    /// <summary>A new raw key: "cmem_" and 48 hex digits. Shown once, never stored.</summary>
    public static string NewRawKey() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string NewKeyId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Hash(string rawKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawKey)));

    public static bool LooksLikeKey(string value) =>
        value.Length == Prefix.Length + SecretBytes * 2
        && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") == false;
}
