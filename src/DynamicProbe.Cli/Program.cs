using DynamicProbe.Cli;

return await CommandLineApp.RunAsync(args, Console.Out, Console.Error);
