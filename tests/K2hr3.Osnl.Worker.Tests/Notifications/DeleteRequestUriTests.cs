using System.Net.Sockets;

namespace K2hr3.Tests.Notifications;

public class DeleteRequestUriTests
{
    private const string Cuk = "12345678-1234-5678-1234-567812345678";

    /// <summary>The request line upstream sent for the neutron sample (osnl-compatibility.md §8.4, captured on the wire).</summary>
    private const string UpstreamPathAndQuery =
        "/v1/role?extra=openstack-auto-v1&cuk=12345678-1234-5678-1234-567812345678&host=%5B%22172.16.0.1%22%2C%20%222001%3Adb8%3A%3A6%22%5D";

    [Fact]
    public void NeutronTargetGivesTheExactUpstreamRequestLine()
    {
        var uri = DeleteRequestUri.Build(new Uri("http://127.0.0.1:18080/v1/role"), new DeleteTarget(Cuk, ["172.16.0.1", "2001:db8::6"]));

        Assert.Equal(UpstreamPathAndQuery, uri.PathAndQuery);
        Assert.Equal("http://127.0.0.1:18080" + UpstreamPathAndQuery, uri.AbsoluteUri);
        Assert.Equal(uri.OriginalString, uri.AbsoluteUri); // nothing re-encoded or unescaped
        Assert.Equal(UpstreamPathAndQuery, uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped));
    }

    [Fact]
    public void WithoutIpsThereIsNoHostParameter()
    {
        var uri = DeleteRequestUri.Build(new Uri("https://k2hr3.example.com/v1/role"), new DeleteTarget(Cuk, []));

        Assert.Equal("https://k2hr3.example.com/v1/role?extra=openstack-auto-v1&cuk=" + Cuk, uri.AbsoluteUri);
    }

    /// <summary>Expected queries printed by CPython 3.11.7: <c>urlencode(params, quote_via=quote)</c> with <c>host=json.dumps(ips)</c>.</summary>
    [Theory]
    [InlineData("{12345678-1234-5678-1234-567812345678}", new string[0], "extra=openstack-auto-v1&cuk=%7B12345678-1234-5678-1234-567812345678%7D")]
    [InlineData("urn:uuid:12345678-1234-5678-1234-567812345678", new[] { "2001:DB8::6" }, "extra=openstack-auto-v1&cuk=urn%3Auuid%3A12345678-1234-5678-1234-567812345678&host=%5B%222001%3ADB8%3A%3A6%22%5D")]
    [InlineData("a b~_.-!*'()é😀", new[] { "é\"\\\n\t\u0001\u007f😀 ~", "x" }, "extra=openstack-auto-v1&cuk=a%20b~_.-%21%2A%27%28%29%C3%A9%F0%9F%98%80&host=%5B%22%5Cu00e9%5C%22%5C%5C%5Cn%5Ct%5Cu0001%5Cu007f%5Cud83d%5Cude00%20~%22%2C%20%22x%22%5D")]
    public void EncodesLikePythonUrlencodeOfJsonDumps(string cuk, string[] ips, string expectedQuery)
    {
        var uri = DeleteRequestUri.Build(new Uri("http://127.0.0.1/v1/role"), new DeleteTarget(cuk, ips));

        Assert.Equal("/v1/role?" + expectedQuery, uri.PathAndQuery);
        Assert.Equal(uri.OriginalString, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1/v1/role?tenant=a", "http://127.0.0.1/v1/role?tenant=a&extra=")] // upstream: a second '?' (osnl-compatibility.md §9 #7)
    [InlineData("http://127.0.0.1/v1/role?", "http://127.0.0.1/v1/role?extra=")]
    [InlineData("http://127.0.0.1/v1/role#frag", "http://127.0.0.1/v1/role?extra=")]
    [InlineData("http://127.0.0.1/v1/role?a=1#frag", "http://127.0.0.1/v1/role?a=1&extra=")]
    [InlineData("http://127.0.0.1", "http://127.0.0.1/?extra=")]
    [InlineData("https://[::1]:8443/v1/role", "https://[::1]:8443/v1/role?extra=")]
    public void QueryIsAppendedToTheApiUrl(string apiUrl, string expectedStart)
    {
        var uri = DeleteRequestUri.Build(new Uri(apiUrl), new DeleteTarget(Cuk, []));

        Assert.Equal(expectedStart + "openstack-auto-v1&cuk=" + Cuk, uri.AbsoluteUri);
    }

    [Fact]
    public void RelativeApiUrlIsRejected()
    {
        Assert.Throws<ArgumentException>(() => DeleteRequestUri.Build(new Uri("/v1/role", UriKind.Relative), new DeleteTarget(Cuk, [])));
    }

    [Fact]
    public async Task HttpClientSendsTheUriUnchangedOnTheWire()
    {
        // A raw socket server on loopback captures exactly what goes out.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var uri = DeleteRequestUri.Build(new Uri($"http://127.0.0.1:{port}/v1/role"), new DeleteTarget(Cuk, ["172.16.0.1", "2001:db8::6"]));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        using var client = new HttpClient();
        var send = client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, uri), timeout.Token);
        using var connection = await listener.AcceptTcpClientAsync(timeout.Token);
        var stream = connection.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "connection closed before the request headers ended");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);
        using var response = await send;

        Assert.Equal($"DELETE {UpstreamPathAndQuery} HTTP/1.1", received.ToString().Split("\r\n")[0]);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
