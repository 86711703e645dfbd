using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Carries out an <c>http</c> step: DynamicProbe itself makes the request, over a socket created in the sandbox's
/// network namespace (<see cref="NetworkNamespaceSocket"/>), so it reaches a target listening on the sandbox's
/// loopback and nothing else: only loopback addresses are connected to (the scenario loader already refuses other
/// URLs), <c>localhost</c> is 127.0.0.1 without a lookup, there is no proxy and redirects are not followed. The client
/// runs on the host, outside the sandbox's cgroup, so its connect and sends are never in the recording; the
/// target's accept and reads of it are the target's own normal behaviour.
/// </summary>
internal static class SandboxHttpClient
{
    /// <summary>Body bytes read at most, and searched for <c>expect_body_contains</c>.</summary>
    public const int BodyReadLimit = 1024 * 1024;

    public static async Task<StepOutcome> RunAsync(HttpStep step, int initPid, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = (context, token) => ConnectAsync(initPid, context.DnsEndPoint, token),
            // A service's own certificate on its loopback is rarely one the host trusts; what it serves is the point.
            SslOptions = { RemoteCertificateValidationCallback = delegate { return true; } },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(step.Timeout);
        var exchange = new HttpExchange(step.Method, step.Url.ToString(), null, null, 0, false);
        try
        {
            using var request = Request(step);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var (body, cut) = await ReadBodyAsync(response, limit.Token);
            exchange = exchange with
            {
                Status = (int)response.StatusCode,
                BodyPrefix = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, HttpExchange.BodyPrefixLimit)),
                BodyBytesRead = body.Length,
                BodyCut = cut,
            };
            return Judge(step, exchange, Encoding.UTF8.GetString(body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StepOutcome(step, false, $"{step.Method} {step.Url}: no complete response within {Seconds(step.Timeout)} (set the step's timeout if it needs longer)")
            {
                Http = exchange,
            };
        }
        catch (HttpRequestException error)
        {
            return new StepOutcome(step, false, $"{step.Method} {step.Url}: {Describe(error)}") { Http = exchange };
        }
    }

    private static StepOutcome Judge(HttpStep step, HttpExchange exchange, string body)
    {
        var failures = new List<string>();
        if (step.ExpectStatus is { } status && exchange.Status != status)
        {
            failures.Add($"expected status {status}");
        }

        if (step.ExpectBodyContains is { } wanted && !body.Contains(wanted, StringComparison.Ordinal))
        {
            failures.Add(exchange.BodyCut
                ? $"the body does not contain \"{wanted}\" in its first {BodyReadLimit} bytes"
                : $"the body does not contain \"{wanted}\"");
        }

        var what = $"{step.Method} {step.Url} -> {exchange.Status} ({exchange.BodyBytesRead}{(exchange.BodyCut ? "+" : string.Empty)} body bytes)";
        return new StepOutcome(step, failures.Count == 0, string.Join("; ", failures.Prepend(what))) { Http = exchange };
    }

    private static HttpRequestMessage Request(HttpStep step)
    {
        var request = new HttpRequestMessage(new HttpMethod(step.Method), step.Url);
        if (step.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(step.Body));
        }

        foreach (var (name, value) in step.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                // Content headers (Content-Type, …) belong to the body, which may be empty.
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>The body's first <see cref="BodyReadLimit"/> bytes, and whether more followed: a body never ends up whole in memory.</summary>
    private static async Task<(byte[] Body, bool Cut)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[BodyReadLimit + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var got = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read > BodyReadLimit ? (buffer[..BodyReadLimit], true) : (buffer[..read], false);
    }

    private static async ValueTask<Stream> ConnectAsync(int initPid, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var address = LoopbackAddress(endpoint.Host);
        var socket = await NetworkNamespaceSocket.CreateAsync(initPid, address.AddressFamily);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Checked again here, so nothing but loopback is ever connected to, whatever the step said.</summary>
    private static IPAddress LoopbackAddress(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
            ? address
            : throw new HttpRequestException($"{host} is not a loopback address; an http step only reaches the sandbox's loopback");
    }

    private static string Describe(HttpRequestException error) =>
        error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            ? "connection refused: nothing listens on that port in the sandbox"
            : error.InnerException?.Message is { } inner ? $"{error.Message} ({inner})" : error.Message;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}
