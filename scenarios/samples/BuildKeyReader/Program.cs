// The program itself is harmless: the attack is in BuildKeyReader.csproj, and runs only during the build.
Console.WriteLine("version stamped");
