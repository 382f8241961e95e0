namespace K2hr3.Tests.Support;

/// <summary>The K2HR3 API double follows k2hr3.md §2/§3 and plays scripted faults.</summary>
public sealed class K2hr3ApiDoubleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DeleteByCukAnswers204WithEmptyJsonBodyAndRecordsTheDecodedQuery()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = Timeout };

        var target = "v1/role?extra=openstack-auto-v1&cuk=12345678-1234-5678-1234-567812345678&host=%5B%22172.16.0.1%22%2C%20%222001%3Adb8%3A%3A6%22%5D";
        using var response = await http.DeleteAsync(new Uri(api.BaseUri, target), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        var recorded = Assert.Single(api.DeleteRequests);
        Assert.Equal("/" + target, recorded.RawTarget);
        Assert.Equal("12345678-1234-5678-1234-567812345678", recorded.Query["cuk"]);
        Assert.Equal("[\"172.16.0.1\", \"2001:db8::6\"]", recorded.Query["host"]);
        Assert.Equal(IPAddress.Loopback, recorded.RemoteIp);
        Assert.Equal(204, recorded.ResponseStatus);
    }

    [Theory]
    [InlineData("v1/role", 400)] // no query
    [InlineData("v1/role?extra=openstack-auto-v1", 400)] // no cuk
    [InlineData("v1/role?cuk=%20", 400)] // blank cuk
    [InlineData("v1/role?cuk=c&host=not-an-ip", 400)]
    [InlineData("v1/role/?cuk=c&host=10.0.0.5", 204)] // trailing slash, single IP string
    [InlineData("v1/role/other?cuk=c", 404)] // a named role is another endpoint
    public async Task DeleteValidatesLikeK2hr3(string target, int expectedStatus)
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { Timeout = Timeout };

        using var response = await http.DeleteAsync(new Uri(api.BaseUri, target), TestContext.Current.CancellationToken);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
    }

    [Fact]
    public async Task CallerOutsideTheDeleteHostRoleGets400()
    {
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        api.SetDelHostRoleMembers("192.0.2.1");
        using var http = new HttpClient { Timeout = Timeout };

        using var response = await http.DeleteAsync(new Uri(api.BaseUri, "v1/role?cuk=c"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RoleTokenRegistrationAddsTheCallerAndDeleteRemovesIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        using var http = new HttpClient { Timeout = Timeout };

        var root = await http.GetFromJsonAsync<JsonElement>(api.BaseUri, cancellationToken);
        Assert.Equal("v1", root.GetProperty("version")[0].GetString());

        using var beforeCreation = await http.GetAsync(new Uri(api.BaseUri, "v1/role/token/vmrole"), cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, beforeCreation.StatusCode);
        Assert.Contains("could not get role id", await beforeCreation.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);

        api.CreateRole("vmrole");
        var issued = await http.GetFromJsonAsync<JsonElement>(new Uri(api.BaseUri, "v1/role/token/vmrole"), cancellationToken);
        var token = issued.GetProperty("token").GetString();
        using var register = new HttpRequestMessage(HttpMethod.Put, new Uri(api.BaseUri, "v1/role/vmrole?cuk=vm-1&extra=openstack-auto-v1&tag=vm1.example"));
        register.Headers.Add("x-auth-token", "R=" + token);
        using var registered = await http.SendAsync(register, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(new RegisteredHost("127.0.0.1", 0, "vm-1", "openstack-auto-v1", "vm1.example"), Assert.Single(api.HostsOf("vmrole")));

        using var badToken = new HttpRequestMessage(HttpMethod.Put, new Uri(api.BaseUri, "v1/role/vmrole?cuk=vm-2"));
        badToken.Headers.Add("x-auth-token", "R=forged");
        using var rejected = await http.SendAsync(badToken, cancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

        using var deleted = await http.DeleteAsync(new Uri(api.BaseUri, "v1/role?cuk=vm-1"), cancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(api.HostsOf("vmrole"));
    }

    [Fact]
    public async Task ScriptedFaultsArePlayedInOrderThenNormalBehaviourResumes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        api.EnqueueFaults(ApiFault.Status(500), ApiFault.Close(), ApiFault.Delay(TimeSpan.FromSeconds(5)));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var uri = new Uri(api.BaseUri, "v1/role?cuk=c");

        using (var first = await http.DeleteAsync(uri, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => http.DeleteAsync(uri, cancellationToken));
        await Assert.ThrowsAsync<TaskCanceledException>(() => http.DeleteAsync(uri, cancellationToken));
        using (var last = await http.DeleteAsync(uri, cancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        Assert.Equal([500, null, null, 204], api.DeleteRequests.Select(request => request.ResponseStatus));
    }

    [Fact]
    public async Task RefusingConnectionsStopsListeningThenResumesOnTheSamePort()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var api = await K2hr3ApiDouble.StartAsync(cancellationToken: cancellationToken);
        using var http = new HttpClient { Timeout = Timeout };

        await api.RefuseConnectionsForAsync(TimeSpan.FromSeconds(1), cancellationToken);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(api.BaseUri, cancellationToken));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);

        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(api.BaseUri, cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Timeout,
            "the API double to listen again");
    }
}
