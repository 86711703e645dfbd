namespace DynamicProbe.Core.Analysis;

/// <summary>
/// The registered domain of a DNS name (eTLD+1): <c>x1.tunnel.example.com</c> is under <c>example.com</c>,
/// <c>a.b.example.co.uk</c> under <c>example.co.uk</c>. Public suffixes come from a small built-in list of the
/// multi-label ones a lookup is likely to meet (country second levels, and shared hosting zones whose subdomains
/// belong to different owners); any other name is taken to be under a one-label suffix. Offline by design: the full
/// Public Suffix List would need a download or a copy to keep fresh, and a wrong guess here only merges or splits
/// a group, it never hides a lookup.
/// </summary>
public static class RegisteredDomain
{
    private static readonly HashSet<string> MultiLabelSuffixes = new(StringComparer.Ordinal)
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "sch.uk", "nhs.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "id.au",
        "co.nz", "org.nz", "net.nz", "govt.nz", "ac.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp",
        "co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
        "com.hk", "org.hk", "net.hk", "com.tw", "org.tw", "net.tw", "com.sg", "edu.sg", "com.my", "com.ph",
        "co.in", "net.in", "org.in", "gov.in", "ac.in", "co.id", "or.id", "com.vn", "co.th", "in.th",
        "com.br", "net.br", "org.br", "gov.br", "com.ar", "com.mx", "org.mx", "com.co", "com.pe", "com.uy",
        "co.za", "org.za", "gov.za", "com.ng", "co.ke", "com.eg",
        "com.tr", "co.il", "org.il", "ac.il", "com.ua", "com.pl", "net.pl", "org.pl", "com.ru", "co.at", "or.at",
        "github.io", "gitlab.io", "herokuapp.com", "azurewebsites.net", "cloudapp.net", "cloudfront.net",
        "appspot.com", "blogspot.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev", "web.app",
        "firebaseapp.com", "ngrok.io", "ngrok-free.app", "duckdns.org", "no-ip.org", "ddns.net", "repl.co",
        "glitch.me", "onrender.com", "fly.dev", "trycloudflare.com", "s3.amazonaws.com",
    };

    /// <summary>The registered domain, lower-cased; the name itself when it has no more labels than its suffix.</summary>
    public static string Of(string name)
    {
        var labels = name.TrimEnd('.').ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length <= 2)
        {
            return string.Join('.', labels);
        }

        var suffixLabels = 1;
        for (var take = Math.Min(3, labels.Length - 1); take >= 2; take--)
        {
            if (MultiLabelSuffixes.Contains(string.Join('.', labels[^take..])))
            {
                suffixLabels = take;
                break;
            }
        }

        return string.Join('.', labels[^(suffixLabels + 1)..]);
    }
}
