using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using KrakenBot.Connector.Tests.Socket;
using Xunit;

namespace KrakenBot.Connector.Tests.WebSockets;

/// <summary><c>wss</c> against a local Kestrel server whose self-signed certificate is made by the test.</summary>
public sealed class WebSocketTlsTests
{
    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=krakenbot-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // Through PKCS#12, so that the server's TLS stack gets a certificate with a usable private key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Trusts exactly <paramref name="trusted"/> (by its SHA-256 hash), whatever the system's trust store says.</summary>
    internal static RemoteCertificateValidationCallback Pin(X509Certificate2 trusted) =>
        (_, presented, _, _) => presented is not null
            && presented.GetCertHashString(HashAlgorithmName.SHA256) == trusted.GetCertHashString(HashAlgorithmName.SHA256);

    [Fact]
    public async Task Book_frames_arrive_over_wss_from_a_server_whose_certificate_the_options_trust()
    {
        using var certificate = SelfSigned();
        await using var server = await ScriptedKrakenServer.StartAsync(certificate: certificate);
        Assert.Equal("wss", server.Uri.Scheme);
        var handler = new RecordingHandler();
        var options = new SocketTransportOptions { RemoteCertificateValidation = Pin(certificate) };
        await using var transport = TransportFactory.Create(server.Uri, handler, TransportFactory.NewClock(), "tls", options);
        transport.Start();
        var connection = await server.NextConnectionAsync();

        byte[] snapshot = SocketData.Bytes("book-snapshot-matic.json");
        await connection.SendFragmentsAsync(snapshot, []);
        await connection.SendFragmentsAsync(snapshot, [1, 100, snapshot.Length - 1]);
        await TestWait.UntilAsync(() => handler.Messages.Count == 2, "two book frames over TLS");

        Assert.Equal(snapshot, handler.Messages[0]);
        Assert.Equal(snapshot, handler.Messages[1]);
        // Messages may be handed over before the connect notification has run: wait for it rather than race it.
        await TestWait.UntilAsync(() => handler.Connects == 1, "one connect");
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Without_the_seam_an_untrusted_certificate_is_refused_and_nothing_is_received()
    {
        using var certificate = SelfSigned();
        await using var server = await ScriptedKrakenServer.StartAsync(certificate: certificate);
        using var guard = new CancellationTokenSource(TestWait.Guard);

        var ex = await Assert.ThrowsAsync<AuthenticationException>(
            () => new KrakenWebSocketConnector().ConnectAsync(server.Uri, new SocketTransportOptions(), guard.Token));

        Assert.Equal(0, server.ConnectionCount);
        Assert.NotEmpty(ex.Message);
    }

    [Fact]
    public async Task A_pinned_certificate_does_not_trust_another_one()
    {
        using var served = SelfSigned();
        using var other = SelfSigned();
        await using var server = await ScriptedKrakenServer.StartAsync(certificate: served);
        using var guard = new CancellationTokenSource(TestWait.Guard);
        var options = new SocketTransportOptions { RemoteCertificateValidation = Pin(other) };

        await Assert.ThrowsAsync<AuthenticationException>(() => new KrakenWebSocketConnector().ConnectAsync(server.Uri, options, guard.Token));
        Assert.Equal(0, server.ConnectionCount);
    }
}
