using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>
/// How the http step judges what comes back, against a server on loopback in this test process's own network
/// namespace (entered by pid like a sandbox's, which needs root as DynamicProbe does): no Docker needed for the
/// outcomes; <see cref="HttpStepTests"/> shows the same client reaching into a real sandbox.
/// </summary>
[TestFixture]
public sealed class SandboxHttpClientTests
{
    [Test]
    public async Task The_request_goes_out_as_written_and_the_response_is_kept()
    {
        await using var server = OneShotServer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        var step = Step(server, "PUT", body: "payload", headers: new() { ["X-Api-Key"] = "k1", ["Content-Type"] = "text/plain" }, expectStatus: 200, bodyContains: "ell");

        var outcome = await SandboxHttpClient.RunAsync(step, Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Http, Is.EqualTo(new Core.Findings.HttpExchange("PUT", step.Url.ToString(), 200, "hello", 5, false)));
        var request = await server.RequestAsync;
        Assert.That(request, Does.StartWith("PUT /x?y=1 HTTP/1.1\r\n").And.Contain("X-Api-Key: k1\r\n").And.Contain("Content-Type: text/plain\r\n").And.EndWith("\r\n\r\npayload"));
    }

    [Test]
    public async Task A_wrong_status_and_a_missing_body_text_both_fail_the_step()
    {
        await using var server = OneShotServer.Answering("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops");

        var outcome = await SandboxHttpClient.RunAsync(Step(server, expectStatus: 200, bodyContains: "ok"), Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Detail, Does.Contain("-> 500").And.Contain("expected status 200").And.Contain("the body does not contain \"ok\""));
        Assert.That(outcome.Http!.BodyPrefix, Is.EqualTo("oops"));
    }

    [Test]
    public async Task A_body_is_read_only_up_to_the_limit_and_the_check_says_so()
    {
        var size = SandboxHttpClient.BodyReadLimit + 1000;
        await using var server = OneShotServer.Answering(
            $"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n" + new string('a', size - 3) + "END");

        var outcome = await SandboxHttpClient.RunAsync(Step(server, bodyContains: "END"), Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Detail, Does.Contain($"the body does not contain \"END\" in its first {SandboxHttpClient.BodyReadLimit} bytes"));
        Assert.That(outcome.Http!.BodyBytesRead, Is.EqualTo(SandboxHttpClient.BodyReadLimit));
        Assert.That(outcome.Http.BodyCut, Is.True);
        Assert.That(outcome.Http.BodyPrefix, Has.Length.EqualTo(Core.Findings.HttpExchange.BodyPrefixLimit));
    }

    [Test]
    public async Task A_server_that_never_answers_fails_the_step_at_its_timeout()
    {
        await using var server = OneShotServer.Silent();

        var outcome = await SandboxHttpClient.RunAsync(Step(server, timeout: TimeSpan.FromSeconds(1)), Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Detail, Does.Contain("no complete response within 1s"));
        Assert.That(outcome.Http!.Status, Is.Null);
    }

    [Test]
    public async Task A_port_nobody_listens_on_is_refused()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var step = new HttpStep(At(5), "GET", new Uri($"http://127.0.0.1:{port}/"), null, new Dictionary<string, string>(), null, null, TimeSpan.FromSeconds(5));

        var outcome = await SandboxHttpClient.RunAsync(step, Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Detail, Does.EndWith("connection refused: nothing listens on that port in the sandbox"));
    }

    [Test]
    public async Task A_redirect_is_reported_not_followed()
    {
        await using var server = OneShotServer.Answering("HTTP/1.1 302 Found\r\nLocation: http://collector.example.com/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var outcome = await SandboxHttpClient.RunAsync(Step(server, expectStatus: 302), Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(outcome.Http!.Status, Is.EqualTo(302));
    }

    [Test]
    public async Task Https_to_a_service_with_its_own_self_signed_certificate_works()
    {
        await using var server = OneShotServer.AnsweringOverTls("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret");
        var step = Step(server, expectStatus: 200, bodyContains: "secret") with { Url = new Uri($"https://localhost:{server.Port}/x") };

        var outcome = await SandboxHttpClient.RunAsync(step, Environment.ProcessId, CancellationToken.None);

        Assert.That(outcome.Succeeded, Is.True, outcome.Detail);
        Assert.That(await server.RequestAsync, Does.StartWith("GET /x HTTP/1.1\r\n"));
    }

    private static HttpStep Step(
        OneShotServer server,
        string method = "GET",
        string? body = null,
        Dictionary<string, string>? headers = null,
        int? expectStatus = null,
        string? bodyContains = null,
        TimeSpan? timeout = null) =>
        new(At(5), method, new Uri($"http://localhost:{server.Port}/x?y=1"), body, headers ?? [], expectStatus, bodyContains, timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Accepts one connection on this process's loopback, reads the request and answers it (or never does).</summary>
    private sealed class OneShotServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        private OneShotServer(string? response, bool tls = false)
        {
            _listener.Start();
            RequestAsync = ServeAsync(response, tls);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>The request as it arrived: head and body.</summary>
        public Task<string> RequestAsync { get; }

        public static OneShotServer Answering(string response) => new(response);

        public static OneShotServer Silent() => new(null);

        /// <summary>Over TLS, with a self-signed certificate for localhost that nothing on the host trusts.</summary>
        public static OneShotServer AnsweringOverTls(string response) => new(response, tls: true);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await RequestAsync;
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or IOException)
            {
                // Stopped while waiting, as a silent server is.
            }

            _stop.Dispose();
        }

        private async Task<string> ServeAsync(string? response, bool tls)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Stream stream = client.GetStream();
            if (tls)
            {
                using var key = RSA.Create(2048);
                using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                var secure = new SslStream(stream);
                await secure.AuthenticateAsServerAsync(certificate);
                stream = secure;
            }

            var request = new StringBuilder();
            var buffer = new byte[64 * 1024];
            while (!IsComplete(request.ToString()))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            if (response is null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(response!), _stop.Token);
            return request.ToString();
        }

        private static bool IsComplete(string request)
        {
            var end = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var length = request[..end].Split("\r\n")
                .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            return request.Length - end - 4 >= length;
        }
    }
}
