// Benign: a greeting and a little arithmetic. Must come out clean.
var name = args.Length > 0 ? args[0] : "world";
var primes = Enumerable.Range(2, 200)
    .Where(n => Enumerable.Range(2, Math.Max(0, (int)Math.Sqrt(n) - 1)).All(d => n % d != 0))
    .ToList();
Console.WriteLine($"Hello, {name}! There are {primes.Count} primes below 202; the largest is {primes[^1]}.");
