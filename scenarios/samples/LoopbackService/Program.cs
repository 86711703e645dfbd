// Benign: a small web service on 127.0.0.1:8080 that checks its own health over loopback once it is up.
// Must come out clean: talking to itself on loopback is expected by its scenario.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/health", () => "ok");
app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
{
    using var client = new HttpClient();
    Console.WriteLine($"self-check: {await client.GetStringAsync("http://127.0.0.1:8080/health")}");
}));
await app.RunAsync();
