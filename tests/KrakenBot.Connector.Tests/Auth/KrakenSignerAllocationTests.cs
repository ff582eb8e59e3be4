using System.Text;
using KrakenBot.Connector.Kraken.Auth;
using Xunit;
using Xunit.Abstractions;

namespace KrakenBot.Connector.Tests.Auth;

public class KrakenSignerAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Signing_allocates_only_the_header_string()
    {
        var credentials = new KrakenCredentials("key", "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==");
        byte[] body = Encoding.UTF8.GetBytes("nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
        for (int i = 0; i < 100; i++) KrakenSigner.Sign(credentials.Secret, "/0/private/AddOrder", 1616492376594 + i, body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) KrakenSigner.Sign(credentials.Secret, "/0/private/AddOrder", 1616492376594 + i, body);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;

        output.WriteLine($"KrakenSigner.Sign: {perCall} bytes allocated per call");
        // The 88-character base64 string is ~200 bytes; hashing and message assembly must not allocate.
        Assert.True(perCall <= 256, $"KrakenSigner.Sign allocated {perCall} bytes per call");
    }
}
