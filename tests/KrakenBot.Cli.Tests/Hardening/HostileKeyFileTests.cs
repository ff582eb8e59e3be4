using System.Text.Json;
using System.Text.Json.Nodes;
using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Tests.Hardening;

/// <summary>
/// Malformed and hostile key files: each is refused as a key-store error that names the file and says what to do,
/// never a crash, a hang or a partly read key. A genuine file is saved once per test and then mutated.
/// </summary>
public sealed class HostileKeyFileTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "hostile-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Mutations() =>
    [
        "empty file", "not json", "json null", "json array", "truncated json", "binary garbage",
        "missing salt", "missing tag", "version as text", "version 2", "kdf md5", "iterations lowered",
        "iterations absurdly high", "iterations negative", "iterations not an integer", "salt not base64",
        "salt too short", "nonce too long", "tag too short", "ciphertext empty", "ciphertext flipped", "salt swapped",
    ];

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_hostile_key_file_is_refused_with_a_clear_key_store_error(string mutation)
    {
        string path = Path.Combine(_dir, mutation.Replace(' ', '-'), "kraken.json");
        KeyFile.Save(path, "my-api-key", "c2VjcmV0LXNlY3JldC1zZWNyZXQ=", Password);
        File.WriteAllBytes(path, Mutate(File.ReadAllBytes(path), mutation));

        var error = Assert.Throws<CliException>(() => KeyFile.Load(path, Password));

        Assert.Equal("key_store", error.Category);
        Assert.Contains(path, error.Message);
        Assert.Contains("krakenbot connect kraken", error.Message);
        Assert.DoesNotContain("c2VjcmV0", error.Message);
    }

    private static byte[] Mutate(byte[] genuine, string mutation)
    {
        JsonObject file() => JsonNode.Parse(genuine)!.AsObject();
        byte[] with(Action<JsonObject> change)
        {
            var json = file();
            change(json);
            return JsonSerializer.SerializeToUtf8Bytes(json);
        }
        byte[] bytesOf(string field) => Convert.FromBase64String(file()[field]!.GetValue<string>());

        return mutation switch
        {
            "empty file" => [],
            "not json" => "krakenbot keys"u8.ToArray(),
            "json null" => "null"u8.ToArray(),
            "json array" => "[1,2,3]"u8.ToArray(),
            "truncated json" => genuine[..(genuine.Length / 2)],
            "binary garbage" => [0xFF, 0xFE, 0x00, 0x01, 0x80, 0x7B],
            "missing salt" => with(j => j.Remove("salt")),
            "missing tag" => with(j => j.Remove("tag")),
            "version as text" => with(j => j["version"] = "1"),
            "version 2" => with(j => j["version"] = 2),
            "kdf md5" => with(j => j["kdf"] = "md5"),
            "iterations lowered" => with(j => j["iterations"] = 1000),
            "iterations absurdly high" => with(j => j["iterations"] = int.MaxValue),
            "iterations negative" => with(j => j["iterations"] = -600000),
            "iterations not an integer" => with(j => j["iterations"] = 600000.5),
            "salt not base64" => with(j => j["salt"] = "not base64!"),
            "salt too short" => with(j => j["salt"] = Convert.ToBase64String(bytesOf("salt")[..8])),
            "nonce too long" => with(j => j["nonce"] = Convert.ToBase64String([.. bytesOf("nonce"), 0])),
            "tag too short" => with(j => j["tag"] = Convert.ToBase64String(bytesOf("tag")[..12])),
            "ciphertext empty" => with(j => j["ciphertext"] = ""),
            "ciphertext flipped" => with(j =>
            {
                byte[] cipher = bytesOf("ciphertext");
                cipher[^1] ^= 0x40;
                j["ciphertext"] = Convert.ToBase64String(cipher);
            }),
            "salt swapped" => with(j => j["salt"] = Convert.ToBase64String(new byte[16])),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "unknown mutation"),
        };
    }
}
