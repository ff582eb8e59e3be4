using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Keys;

/// <summary>
/// API keys at rest: one JSON file holding the key and secret encrypted with AES-256-GCM under a key derived from the
/// user's password (PBKDF2-HMAC-SHA256, 600,000 iterations, random 16-byte salt). The header (format, KDF, iterations,
/// salt) is bound to the ciphertext as associated data, so any change to the file fails authentication. The file is
/// created with mode 0600 and replaced atomically.
/// </summary>
internal static class KeyFile
{
    public const int Iterations = 600_000;
    // A hostile file must not make us derive for hours: a later, stronger work factor fits well under this bound.
    private const int MaxIterations = 10_000_000;
    private const int Version = 1;
    private const string Kdf = "pbkdf2-sha256";
    private const int SaltBytes = 16, NonceBytes = 12, TagBytes = 16, KeyBytes = 32;

    /// <summary>The file for one exchange under the data directory.</summary>
    public static string PathFor(string dataDir, string exchange) => System.IO.Path.Combine(dataDir, "keys", exchange + ".json");

    public static void Save(string path, string apiKey, string secret, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plain = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = apiKey, ["secret"] = secret }));
        var cipher = new byte[plain.Length];
        var tag = new byte[TagBytes];
        var key = DeriveKey(password, salt, Iterations);
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Encrypt(nonce, plain, cipher, tag, Header(Version, Kdf, Iterations, salt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(key);
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteString("kdf", Kdf);
            w.WriteNumber("iterations", Iterations);
            w.WriteBase64String("salt", salt);
            w.WriteBase64String("nonce", nonce);
            w.WriteBase64String("ciphertext", cipher);
            w.WriteBase64String("tag", tag);
            w.WriteEndObject();
        }
        WritePrivateFile(path, buffer.ToArray());
    }

    /// <summary>Decrypts the file; a wrong password and a changed file are the same error (GCM cannot tell them apart).</summary>
    public static (string ApiKey, string Secret) Load(string path, string password)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new CliException("key_store", $"No saved keys at {path}: run 'krakenbot connect kraken' first."); }
        catch (DirectoryNotFoundException) { throw new CliException("key_store", $"No saved keys at {path}: run 'krakenbot connect kraken' first."); }

        int version, iterations;
        string kdf;
        byte[] salt, nonce, cipher, tag;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            version = root.GetProperty("version").GetInt32();
            kdf = root.GetProperty("kdf").GetString() ?? "";
            iterations = root.GetProperty("iterations").GetInt32();
            salt = root.GetProperty("salt").GetBytesFromBase64();
            nonce = root.GetProperty("nonce").GetBytesFromBase64();
            cipher = root.GetProperty("ciphertext").GetBytesFromBase64();
            tag = root.GetProperty("tag").GetBytesFromBase64();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Damaged(path);
        }
        // Refuse weakened headers outright rather than deriving with whatever the file asks for.
        if (version != Version || kdf != Kdf || iterations is < Iterations or > MaxIterations
            || salt.Length != SaltBytes || nonce.Length != NonceBytes || tag.Length != TagBytes)
            throw Damaged(path);

        var plain = new byte[cipher.Length];
        var key = DeriveKey(password, salt, iterations);
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain, Header(version, kdf, iterations, salt));
            using var doc = JsonDocument.Parse(plain);
            return (doc.RootElement.GetProperty("key").GetString()!, doc.RootElement.GetProperty("secret").GetString()!);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CliException("key_store", $"Cannot open the key file {path}: the password is wrong or the file was changed. Run 'krakenbot connect kraken' to save the keys again.");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Damaged(path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static CliException Damaged(string path) =>
        new("key_store", $"The key file {path} is damaged or not a krakenbot key file. Run 'krakenbot connect kraken' to save the keys again.");

    private static byte[] DeriveKey(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);

    private static byte[] Header(int version, string kdf, int iterations, byte[] salt) =>
        Encoding.UTF8.GetBytes($"krakenbot-keys|v{version}|{kdf}|{iterations}|{Convert.ToBase64String(salt)}");

    /// <summary>Writes to a 0600 temporary file in the same directory, then renames it over the target.</summary>
    private static void WritePrivateFile(string path, byte[] content)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        // An existing temp file keeps its old mode on FileMode.Create: enforce 0600 before it becomes the key file.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
