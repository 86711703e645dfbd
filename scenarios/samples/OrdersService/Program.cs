// Benign: a small orders API on 127.0.0.1:8080. It answers a health check, takes orders as JSON (echoing the
// caller's X-Request-Id), logs each to /tmp/orders.log and serves them back. Must come out clean under its scenario.
using System.Collections.Concurrent;
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.Logging.ClearProviders();
var app = builder.Build();

var orders = new ConcurrentDictionary<int, string>();
var lastId = 0;
var log = Path.Combine(Path.GetTempPath(), "orders.log");

app.MapGet("/health", () => "ok");
app.MapPost("/orders", async (HttpRequest request) =>
{
    var requestId = request.Headers["X-Request-Id"].ToString();
    using var document = await JsonDocument.ParseAsync(request.Body);
    if (!document.RootElement.TryGetProperty("sku", out var skuProperty) || skuProperty.GetString() is not { Length: > 0 } sku)
    {
        return Results.Text("{\"error\":\"sku is required\"}", "application/json", statusCode: 400);
    }

    var id = Interlocked.Increment(ref lastId);
    orders[id] = sku;
    await File.AppendAllTextAsync(log, $"{id} {sku} {requestId}\n");
    return Results.Text($"{{\"id\":{id},\"status\":\"accepted\",\"requestId\":\"{requestId}\"}}", "application/json", statusCode: 201);
});
app.MapGet("/orders/{id:int}", (int id) => orders.TryGetValue(id, out var sku)
    ? Results.Text($"{{\"id\":{id},\"sku\":\"{sku}\"}}", "application/json")
    : Results.NotFound());

await app.RunAsync();
