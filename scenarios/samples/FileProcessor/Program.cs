// Benign: totals the CSV files under ./input and writes a report to /tmp. Must come out clean.
using System.Globalization;

var report = new List<string>();
decimal grandTotal = 0;
foreach (var file in Directory.GetFiles("input", "*.csv").Order(StringComparer.Ordinal))
{
    decimal total = 0;
    foreach (var line in File.ReadLines(file).Skip(1))
    {
        var fields = line.Split(',');
        total += int.Parse(fields[1], CultureInfo.InvariantCulture) * decimal.Parse(fields[2], CultureInfo.InvariantCulture);
    }

    report.Add($"{Path.GetFileNameWithoutExtension(file)}: {total.ToString("0.00", CultureInfo.InvariantCulture)}");
    grandTotal += total;
}

report.Add($"total: {grandTotal.ToString("0.00", CultureInfo.InvariantCulture)}");
File.WriteAllLines("/tmp/report.txt", report);
Console.WriteLine(string.Join(Environment.NewLine, report));
