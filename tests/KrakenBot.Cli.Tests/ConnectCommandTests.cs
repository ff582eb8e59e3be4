using System.Text;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary><c>connect kraken</c> through redirected stdin: bad key, missing permissions, good key; the key file at rest.</summary>
public sealed class ConnectCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Password = "correct horse battery";

    private Task<CliResult> Connect(string dataDir, string stdin, bool passwordFromEnv = true, params string[] extra) =>
        CliProcess.RunAsync([.. sandbox.Endpoint(dataDir), "connect", "kraken", .. extra], stdin,
            passwordFromEnv ? new Dictionary<string, string> { ["KRAKENBOT_PASSWORD"] = Password } : null);

    // Each test that saves keys uses its own sandbox key: nonces of one key are kept in one data directory.
    private static string KeyFile(string dataDir) => Path.Combine(dataDir, "keys", "kraken.json");

    [Fact]
    public async Task Good_key_is_validated_then_saved_encrypted_with_mode_0600()
    {
        var dir = sandbox.NewDataDir();
        var result = await Connect(dir, $"{SandboxFixture.GoodKey}\n{SandboxFixture.GoodSecret}\n");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("You are now connected to kraken.", result.StdOut);
        Assert.Contains("Enter your kraken API key >>>", result.StdErr);
        Assert.Contains("Enter your kraken secret key >>>", result.StdErr);
        Assert.DoesNotContain(SandboxFixture.GoodSecret, result.StdOut + result.StdErr);

        var path = KeyFile(dir);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var text = await File.ReadAllTextAsync(path);
        var secretBytes = Convert.FromBase64String(SandboxFixture.GoodSecret);
        Assert.DoesNotContain(SandboxFixture.GoodSecret, text);
        Assert.DoesNotContain(SandboxFixture.GoodKey, text);
        Assert.DoesNotContain(Encoding.ASCII.GetString(secretBytes), text);
        using (var doc = JsonDocument.Parse(text))
        {
            Assert.Equal("pbkdf2-sha256", doc.RootElement.GetProperty("kdf").GetString());
            Assert.True(doc.RootElement.GetProperty("iterations").GetInt32() >= 600_000);
        }

        // The saved keys work for later commands, unlocked with the password only.
        var balance = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "balance", "-o", "json"], null,
            new Dictionary<string, string> { ["KRAKENBOT_PASSWORD"] = Password });
        Assert.True(balance.ExitCode == 0, balance.ToString());
        Assert.Contains(balance.Json().GetProperty("balances").EnumerateArray(), b => b.GetProperty("asset").GetString() == "USD");

        var wrong = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "balance", "-o", "json"], null,
            new Dictionary<string, string> { ["KRAKENBOT_PASSWORD"] = "not the password" });
        Assert.Equal(4, wrong.ExitCode);
        Assert.Equal("key_store", wrong.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Password_can_be_typed_twice_on_stdin_and_json_output_names_the_file()
    {
        var dir = sandbox.NewDataDir();
        var result = await Connect(dir, $"{SandboxFixture.SpareKey(1)}\n{SandboxFixture.GoodSecret}\n{Password}\n{Password}\n", passwordFromEnv: false, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = result.Json();
        Assert.Equal("kraken", doc.GetProperty("connected").GetString());
        Assert.Equal(KeyFile(dir), doc.GetProperty("key_file").GetString());
        Assert.True(File.Exists(KeyFile(dir)));

        var mismatch = await Connect(sandbox.NewDataDir(), $"{SandboxFixture.SpareKey(2)}\n{SandboxFixture.GoodSecret}\n{Password}\nsomething else\n", passwordFromEnv: false);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("differ", mismatch.StdErr);
    }

    [Fact]
    public async Task Unknown_key_is_an_authentication_error_and_nothing_is_saved()
    {
        var dir = sandbox.NewDataDir();
        var result = await Connect(dir, $"no-such-key\n{SandboxFixture.GoodSecret}\n", true, "-o", "json");
        Assert.Equal(10, result.ExitCode);
        Assert.Equal("authentication", result.Json().GetProperty("error").GetString());
        Assert.False(File.Exists(KeyFile(dir)));
        Assert.DoesNotContain(SandboxFixture.GoodSecret, result.StdOut + result.StdErr);
    }

    [Fact]
    public async Task Secret_that_is_not_base64_is_refused_without_echoing_it()
    {
        var dir = sandbox.NewDataDir();
        const string badSecret = "this-is-not*base64!";
        var result = await Connect(dir, $"{SandboxFixture.GoodKey}\n{badSecret}\n", true, "-o", "json");
        Assert.Equal(10, result.ExitCode);
        Assert.Contains("base64", result.Json().GetProperty("message").GetString());
        Assert.DoesNotContain(badSecret, result.StdOut + result.StdErr);
        Assert.False(File.Exists(KeyFile(dir)));
    }

    [Fact]
    public async Task Missing_permissions_are_named_exactly_and_nothing_is_saved()
    {
        var dir = sandbox.NewDataDir();
        var fundsOnly = await Connect(dir, $"{SandboxFixture.FundsOnlyKey}\n{SandboxFixture.FundsOnlySecret}\n", true, "-o", "json");
        Assert.Equal(11, fundsOnly.ExitCode);
        var message = fundsOnly.Json().GetProperty("message").GetString()!;
        foreach (var code in new[] { "query-open-trades", "query-closed-trades", "modify-trades", "close-trades", "create-ws-token" })
            Assert.Contains(code, message);
        Assert.DoesNotContain("query-funds", message);
        Assert.False(File.Exists(KeyFile(dir)));

        var noTrading = await Connect(dir, $"{SandboxFixture.NoTradingKey}\n{SandboxFixture.NoTradingSecret}\n");
        Assert.Equal(11, noTrading.ExitCode);
        Assert.Contains("Create & Modify Orders (modify-trades)", noTrading.StdErr);
        Assert.Contains("Cancel & Close Orders (close-trades)", noTrading.StdErr);
        Assert.DoesNotContain("query-open-trades", noTrading.StdErr);
        Assert.DoesNotContain("create-ws-token", noTrading.StdErr);
        Assert.False(File.Exists(KeyFile(dir)));
    }

    [Fact]
    public async Task A_tampered_key_file_is_rejected()
    {
        var dir = sandbox.NewDataDir();
        Assert.Equal(0, (await Connect(dir, $"{SandboxFixture.SpareKey(3)}\n{SandboxFixture.GoodSecret}\n")).ExitCode);
        var path = KeyFile(dir);
        var original = await File.ReadAllTextAsync(path);

        // Flip one bit of the ciphertext.
        using (var doc = JsonDocument.Parse(original))
        {
            var cipher = doc.RootElement.GetProperty("ciphertext").GetBytesFromBase64();
            cipher[0] ^= 1;
            await File.WriteAllTextAsync(path, original.Replace(doc.RootElement.GetProperty("ciphertext").GetString()!, Convert.ToBase64String(cipher)));
        }
        var env = new Dictionary<string, string> { ["KRAKENBOT_PASSWORD"] = Password };
        var flipped = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "balance", "-o", "json"], null, env);
        Assert.Equal(4, flipped.ExitCode);
        Assert.Equal("key_store", flipped.Json().GetProperty("error").GetString());

        // Lowering the work factor in the header is refused too (the header is authenticated and checked).
        await File.WriteAllTextAsync(path, original.Replace("600000", "1000"));
        var weakened = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "balance", "-o", "json"], null, env);
        Assert.Equal(4, weakened.ExitCode);

        await File.WriteAllTextAsync(path, original);
        Assert.Equal(0, (await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "balance", "-o", "json"], null, env)).ExitCode);
    }
}
